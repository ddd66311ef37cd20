#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

namespace ddalab {

class Histogram;

// Writes metric families in the Prometheus text exposition format 0.0.4: HELP and TYPE once
// per family, then its samples, label values escaped.
class PrometheusText
{
public:
    using Labels = QList<std::pair<QString, QString>>;
    struct Sample
    {
        Labels labels;
        double value;
    };

    static constexpr const char *contentType = "text/plain; version=0.0.4; charset=utf-8";

    void gauge(const QString &name, const QString &help, double value, const Labels &labels = {});
    void gauges(const QString &name, const QString &help, const QList<Sample> &samples);
    // name ends in _total.
    void counters(const QString &name, const QString &help, const QList<Sample> &samples);
    void histogram(const QString &name, const QString &help, const Histogram &histogram);

    const QByteArray &text() const { return m_text; }

    static QString formatValue(double value);
    static QString escapeLabelValue(const QString &value);

private:
    void family(const QString &name, const char *type, const QString &help);
    void sample(const QString &name, const Labels &labels, double value);

    QByteArray m_text;
};

} // namespace ddalab
