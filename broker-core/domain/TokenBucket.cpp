#include "TokenBucket.h"

#include <algorithm>

namespace ddalab {

TokenBucket::TokenBucket(double ratePerSecond, int burst, qint64 nowMs)
    : m_ratePerMs(ratePerSecond / 1000.0), m_capacity(burst), m_tokens(burst), m_lastMs(nowMs)
{
}

bool TokenBucket::tryTake(qint64 nowMs)
{
    if (nowMs > m_lastMs) {
        m_tokens = std::min(m_capacity, m_tokens + double(nowMs - m_lastMs) * m_ratePerMs);
        m_lastMs = nowMs;
    }
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

} // namespace ddalab
