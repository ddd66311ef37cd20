#pragma once

#include <QtGlobal>

#include <vector>

// Every measured round trip, for exact percentiles at the end of a run.
class LatencyRecorder
{
public:
    void record(qint64 nanoseconds) { m_samples.push_back(nanoseconds); }
    void merge(const LatencyRecorder &other);
    size_t count() const { return m_samples.size(); }
    // The p-th percentile (0..100) in milliseconds; 0 without samples.
    double percentileMs(double p);
    double maxMs();

private:
    std::vector<qint64> m_samples;
    bool m_sorted = false;
};
