#pragma once

#include "protocol/MonitorMessages.h"

#include <QWidget>

#include <chrono>

class QChartView;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace ddalab::monitor {

// The broker's health at a glance: figures from the latest stats report (users online,
// connections, messages and errors per second, storage latency, uptime) above two charts of
// the last minutes, one of connections and users, one of the message and error rates.
class StatsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit StatsPanel(QWidget *parent = nullptr);

    void addReport(const protocol::StatsReport &stats);
    // Forgets the history (another broker, or a restarted one).
    void clear();
    // How far back the charts reach.
    void setHistory(std::chrono::seconds history) { m_history = history; }
    qsizetype pointCount() const;
    // The figure shown under `name` ("users online", "messages/s", ...), for tests.
    QString figure(const QString &name) const;

private:
    QLabel *addFigure(const QString &name);
    QChartView *makeChart(const QString &title, QLineSeries *first, QLineSeries *second,
                          QDateTimeAxis *timeAxis, QValueAxis *valueAxis);
    void dropOldPoints(const QDateTime &newest);
    void rescale(const QDateTime &newest);

    std::chrono::seconds m_history{300};
    QHash<QString, QLabel *> m_figures;
    QLineSeries *m_connections;
    QLineSeries *m_users;
    QLineSeries *m_messages;
    QLineSeries *m_errors;
    QDateTimeAxis *m_connectionsTime;
    QDateTimeAxis *m_ratesTime;
    QValueAxis *m_connectionsAxis;
    QValueAxis *m_ratesAxis;
};

} // namespace ddalab::monitor
