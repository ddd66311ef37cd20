#include "LatencyRecorder.h"

#include <algorithm>
#include <cmath>

void LatencyRecorder::merge(const LatencyRecorder &other)
{
    m_samples.insert(m_samples.end(), other.m_samples.begin(), other.m_samples.end());
    m_sorted = false;
}

double LatencyRecorder::percentileMs(double p)
{
    if (m_samples.empty())
        return 0;
    if (!m_sorted) {
        std::sort(m_samples.begin(), m_samples.end());
        m_sorted = true;
    }
    const size_t rank = size_t(std::ceil(p / 100.0 * double(m_samples.size())));
    const size_t index = std::min(m_samples.size() - 1, rank == 0 ? 0 : rank - 1);
    return double(m_samples[index]) / 1e6;
}

double LatencyRecorder::maxMs()
{
    return percentileMs(100);
}
