#pragma once

#include <QList>

namespace ddalab {

// Counts observations into fixed buckets (upper bounds, ascending), the Prometheus way: each
// bucket counts the observations at or below its bound.
class Histogram
{
public:
    explicit Histogram(QList<double> upperBounds);

    // Bounds for durations in seconds, from 100 µs to 10 s.
    static QList<double> latencyBounds();
    // Bounds for counts such as a transaction's batch size.
    static QList<double> sizeBounds();

    void observe(double value);

    const QList<double> &upperBounds() const { return m_bounds; }
    // Cumulative count per bound, then the total (+Inf) last.
    QList<quint64> cumulativeCounts() const;
    quint64 count() const { return m_count; }
    double sum() const { return m_sum; }

private:
    QList<double> m_bounds;
    QList<quint64> m_counts; // per bucket, not cumulative; one more for +Inf
    quint64 m_count = 0;
    double m_sum = 0;
};

} // namespace ddalab
