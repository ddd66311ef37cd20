#include "StatsPanel.h"

#include "DisplayText.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QGridLayout>
#include <QLabel>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace ddalab::monitor {

using namespace Qt::StringLiterals;

namespace {

double sum(const QMap<QString, double> &rates)
{
    double total = 0;
    for (double rate : rates)
        total += rate;
    return total;
}

QString rateText(double rate)
{
    return rate < 10 ? QString::number(rate, 'f', 1) : QString::number(qRound(rate));
}

QString latencyText(const std::optional<double> &ms)
{
    if (!ms)
        return u"idle"_s; // no transaction in the last second
    return *ms < 10 ? u"%1 ms"_s.arg(*ms, 0, 'f', 1) : u"%1 ms"_s.arg(qRound(*ms));
}

double highest(const QLineSeries *a, const QLineSeries *b)
{
    double top = 0;
    for (const QLineSeries *series : {a, b}) {
        for (const QPointF &point : series->points())
            top = std::max(top, point.y());
    }
    return top;
}

QLineSeries *makeSeries(const QString &name, const QColor &color)
{
    auto *series = new QLineSeries;
    series->setName(name);
    QPen pen(color);
    pen.setWidthF(2);
    series->setPen(pen);
    return series;
}

} // namespace

StatsPanel::StatsPanel(QWidget *parent)
    : QWidget(parent), m_connections(makeSeries(u"open connections"_s, QColor(0x15, 0x65, 0xc0))),
      m_users(makeSeries(u"users online"_s, QColor(0x2e, 0x7d, 0x32))),
      m_messages(makeSeries(u"messages/s"_s, QColor(0x6a, 0x1b, 0x9a))),
      m_errors(makeSeries(u"errors/s"_s, QColor(0xc6, 0x28, 0x28))),
      m_connectionsTime(new QDateTimeAxis), m_ratesTime(new QDateTimeAxis),
      m_connectionsAxis(new QValueAxis), m_ratesAxis(new QValueAxis)
{
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *figures = new QHBoxLayout;
    for (const QString &name : {u"users online"_s, u"connections"_s, u"messages/s"_s, u"errors/s"_s,
                                u"storage p95"_s, u"uptime"_s})
        figures->addWidget(addFigure(name)->parentWidget());
    layout->addLayout(figures, 0, 0, 1, 2);
    layout->addWidget(
        makeChart(u"Connections"_s, m_connections, m_users, m_connectionsTime, m_connectionsAxis),
        1, 0);
    layout->addWidget(makeChart(u"Message rate"_s, m_messages, m_errors, m_ratesTime, m_ratesAxis),
                      1, 1);
    layout->setRowStretch(1, 1);
    clear();
}

QLabel *StatsPanel::addFigure(const QString &name)
{
    auto *frame = new QFrame(this);
    frame->setFrameShape(QFrame::StyledPanel);
    auto *column = new QVBoxLayout(frame);
    column->setContentsMargins(10, 4, 10, 4);
    column->setSpacing(0);
    auto *value = new QLabel(u"–"_s, frame);
    QFont big = value->font();
    big.setPointSizeF(big.pointSizeF() * 1.7);
    big.setBold(true);
    value->setFont(big);
    value->setAlignment(Qt::AlignCenter);
    auto *caption = new QLabel(name, frame);
    caption->setAlignment(Qt::AlignCenter);
    caption->setForegroundRole(QPalette::PlaceholderText);
    column->addWidget(value);
    column->addWidget(caption);
    m_figures.insert(name, value);
    return value;
}

QChartView *StatsPanel::makeChart(const QString &title, QLineSeries *first, QLineSeries *second,
                                  QDateTimeAxis *timeAxis, QValueAxis *valueAxis)
{
    auto *chart = new QChart; // owned by the view
    chart->setTitle(title);
    chart->addSeries(first);
    chart->addSeries(second);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    timeAxis->setFormat(u"HH:mm:ss"_s);
    timeAxis->setTickCount(6);
    valueAxis->setLabelFormat(u"%.0f"_s);
    valueAxis->setMin(0);
    chart->addAxis(timeAxis, Qt::AlignBottom);
    chart->addAxis(valueAxis, Qt::AlignLeft);
    for (QLineSeries *series : {first, second}) {
        series->attachAxis(timeAxis);
        series->attachAxis(valueAxis);
    }
    auto *view = new QChartView(chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(200);
    return view;
}

void StatsPanel::addReport(const protocol::StatsReport &stats)
{
    const QDateTime when = stats.serverTime.toLocalTime();
    const double messages = sum(stats.messagesPerSecond);
    const double errors = sum(stats.errorsPerSecond);
    const qint64 x = when.toMSecsSinceEpoch();
    m_connections->append(double(x), stats.openConnections);
    m_users->append(double(x), stats.usersOnline);
    m_messages->append(double(x), messages);
    m_errors->append(double(x), errors);
    dropOldPoints(when);
    rescale(when);

    m_figures[u"users online"_s]->setText(QString::number(stats.usersOnline));
    m_figures[u"connections"_s]->setText(QString::number(stats.openConnections));
    m_figures[u"messages/s"_s]->setText(rateText(messages));
    m_figures[u"errors/s"_s]->setText(rateText(errors));
    m_figures[u"storage p95"_s]->setText(latencyText(stats.storageP95Ms));
    m_figures[u"storage p95"_s]->setToolTip(
        u"storage: %1 transactions/s, mean %2, %3 failed since start"_s
            .arg(rateText(stats.storageTransactionsPerSecond), latencyText(stats.storageMeanMs))
            .arg(stats.storageFailedTransactions));
    m_figures[u"uptime"_s]->setText(display_text::duration(stats.uptimeSeconds));
    QStringList byType;
    for (auto it = stats.messagesPerSecond.cbegin(); it != stats.messagesPerSecond.cend(); ++it)
        byType.append(u"%1: %2/s"_s.arg(it.key(), rateText(it.value())));
    m_figures[u"messages/s"_s]->setToolTip(byType.join(u'\n'));
    QStringList byCode;
    for (auto it = stats.errorsPerSecond.cbegin(); it != stats.errorsPerSecond.cend(); ++it)
        byCode.append(u"%1: %2/s"_s.arg(it.key(), rateText(it.value())));
    m_figures[u"errors/s"_s]->setToolTip(byCode.join(u'\n'));
}

void StatsPanel::dropOldPoints(const QDateTime &newest)
{
    const double oldest = double(newest.addSecs(-m_history.count()).toMSecsSinceEpoch());
    for (QLineSeries *series : {m_connections, m_users, m_messages, m_errors}) {
        int stale = 0;
        while (stale < series->count() && series->at(stale).x() < oldest)
            ++stale;
        if (stale > 0)
            series->removePoints(0, stale);
    }
}

void StatsPanel::rescale(const QDateTime &newest)
{
    // From the oldest point kept, but at least a minute: a young history fills the chart.
    QDateTime from = newest.addSecs(-m_history.count());
    if (m_connections->count() > 0)
        from = std::max(from, QDateTime::fromMSecsSinceEpoch(qint64(m_connections->at(0).x())));
    from = std::min(from, newest.addSecs(-60));
    for (QDateTimeAxis *axis : {m_connectionsTime, m_ratesTime})
        axis->setRange(from, newest);
    // Whole numbers on the count axis; a little headroom above the highest point.
    m_connectionsAxis->setRange(0, std::max(4.0, std::ceil(highest(m_connections, m_users) * 1.2)));
    m_ratesAxis->setRange(0, std::max(4.0, std::ceil(highest(m_messages, m_errors) * 1.2)));
    m_connectionsAxis->applyNiceNumbers();
    m_ratesAxis->applyNiceNumbers();
}

void StatsPanel::clear()
{
    for (QLineSeries *series : {m_connections, m_users, m_messages, m_errors})
        series->clear();
    for (QLabel *figure : std::as_const(m_figures)) {
        figure->setText(u"–"_s);
        figure->setToolTip({});
    }
    rescale(QDateTime::currentDateTime());
}

qsizetype StatsPanel::pointCount() const
{
    return m_connections->count();
}

QString StatsPanel::figure(const QString &name) const
{
    const QLabel *label = m_figures.value(name);
    return label ? label->text() : QString();
}

} // namespace ddalab::monitor
