#include "Histogram.h"

#include <algorithm>

namespace ddalab {

Histogram::Histogram(QList<double> upperBounds)
    : m_bounds(std::move(upperBounds)), m_counts(m_bounds.size() + 1, 0)
{
}

QList<double> Histogram::latencyBounds()
{
    return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
            0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
}

QList<double> Histogram::sizeBounds()
{
    return {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
}

void Histogram::observe(double value)
{
    const auto it = std::lower_bound(m_bounds.cbegin(), m_bounds.cend(), value);
    ++m_counts[it - m_bounds.cbegin()];
    ++m_count;
    m_sum += value;
}

QList<quint64> Histogram::cumulativeCounts() const
{
    QList<quint64> cumulative;
    cumulative.reserve(m_counts.size());
    quint64 running = 0;
    for (quint64 count : m_counts) {
        running += count;
        cumulative.append(running);
    }
    return cumulative;
}

} // namespace ddalab
