#pragma once

#include <QtGlobal>

namespace ddalab {

// A token bucket: `burst` messages at once, refilled at `ratePerSecond`. Time is passed in
// (milliseconds from any monotonic origin) so tests need no clock.
class TokenBucket
{
public:
    TokenBucket(double ratePerSecond, int burst, qint64 nowMs);

    // Takes one token; false when the bucket is empty.
    bool tryTake(qint64 nowMs);

private:
    double m_ratePerMs;
    double m_capacity;
    double m_tokens;
    qint64 m_lastMs;
};

} // namespace ddalab
