#include "PrometheusText.h"

#include "Histogram.h"

#include <QLocale>

#include <cmath>

namespace ddalab {

using namespace Qt::StringLiterals;

void PrometheusText::gauge(const QString &name, const QString &help, double value,
                           const Labels &labels)
{
    gauges(name, help, {{labels, value}});
}

void PrometheusText::gauges(const QString &name, const QString &help, const QList<Sample> &samples)
{
    family(name, "gauge", help);
    for (const Sample &each : samples)
        sample(name, each.labels, each.value);
}

void PrometheusText::counters(const QString &name, const QString &help,
                              const QList<Sample> &samples)
{
    family(name, "counter", help);
    for (const Sample &each : samples)
        sample(name, each.labels, each.value);
}

void PrometheusText::histogram(const QString &name, const QString &help, const Histogram &histogram)
{
    family(name, "histogram", help);
    const QList<double> &bounds = histogram.upperBounds();
    const QList<quint64> cumulative = histogram.cumulativeCounts();
    for (qsizetype i = 0; i < bounds.size(); ++i)
        sample(name + u"_bucket"_s, {{u"le"_s, formatValue(bounds[i])}}, double(cumulative[i]));
    sample(name + u"_bucket"_s, {{u"le"_s, u"+Inf"_s}}, double(histogram.count()));
    sample(name + u"_sum"_s, {}, histogram.sum());
    sample(name + u"_count"_s, {}, double(histogram.count()));
}

QString PrometheusText::formatValue(double value)
{
    if (std::isnan(value))
        return u"NaN"_s;
    if (std::isinf(value))
        return value > 0 ? u"+Inf"_s : u"-Inf"_s;
    // The shortest text that reads back as the same double, without exponent ("0.0001", as
    // Prometheus' own clients write bucket bounds); counts stay integers.
    return QString::number(value, 'f', QLocale::FloatingPointShortest);
}

QString PrometheusText::escapeLabelValue(const QString &value)
{
    QString escaped;
    escaped.reserve(value.size());
    for (const QChar c : value) {
        if (c == u'\\')
            escaped += u"\\\\"_s;
        else if (c == u'"')
            escaped += u"\\\""_s;
        else if (c == u'\n')
            escaped += u"\\n"_s;
        else
            escaped += c;
    }
    return escaped;
}

void PrometheusText::family(const QString &name, const char *type, const QString &help)
{
    QString escapedHelp = help;
    escapedHelp.replace(u'\\', u"\\\\"_s).replace(u'\n', u"\\n"_s);
    m_text += "# HELP " + name.toUtf8() + ' ' + escapedHelp.toUtf8() + '\n';
    m_text += "# TYPE " + name.toUtf8() + ' ' + type + '\n';
}

void PrometheusText::sample(const QString &name, const Labels &labels, double value)
{
    m_text += name.toUtf8();
    if (!labels.isEmpty()) {
        m_text += '{';
        for (qsizetype i = 0; i < labels.size(); ++i) {
            if (i > 0)
                m_text += ',';
            m_text += labels[i].first.toUtf8() + "=\"" +
                      escapeLabelValue(labels[i].second).toUtf8() + '"';
        }
        m_text += '}';
    }
    m_text += ' ' + formatValue(value).toUtf8() + '\n';
}

} // namespace ddalab
