#include "ShareExpiryRules.h"

namespace ddalab {

namespace {

size_t indexOf(Classification classification)
{
    return size_t(classification);
}

} // namespace

ShareExpiryRules::ShareExpiryRules()
{
    m_defaultDays[indexOf(Classification::Phi)] = 7;
    m_defaultDays[indexOf(Classification::DeIdentified)] = 30;
    m_defaultDays[indexOf(Classification::Synthetic)] = 90;
    m_defaultDays[indexOf(Classification::Unclassified)] = 30;
}

std::optional<int> ShareExpiryRules::defaultDays(Classification classification) const
{
    return m_defaultDays[indexOf(classification)];
}

bool ShareExpiryRules::setDefaultDays(Classification classification, std::optional<int> days)
{
    if (!days && classification != Classification::Unclassified)
        return false;
    if (days && (*days < 1 || *days > capDays(classification)))
        return false;
    m_defaultDays[indexOf(classification)] = days;
    return true;
}

bool ShareExpiryRules::setMaxDays(int days)
{
    if (days < 1 || days > kLongestDays)
        return false;
    for (const std::optional<int> &defaultDays : m_defaultDays) {
        if (defaultDays && *defaultDays > days)
            return false;
    }
    m_maxDays = days;
    return true;
}

bool ShareExpiryRules::setPhiMaxDays(int days)
{
    const std::optional<int> phiDefault = defaultDays(Classification::Phi);
    if (days < 1 || days > kLongestDays || (phiDefault && *phiDefault > days))
        return false;
    m_phiMaxDays = days;
    return true;
}

int ShareExpiryRules::capDays(Classification classification) const
{
    if (m_hipaaMode && classification == Classification::Phi)
        return qMin(m_maxDays, m_phiMaxDays);
    return m_maxDays;
}

ShareExpiryRules::Decision ShareExpiryRules::decide(Classification classification,
                                                    const std::optional<QDateTime> &requested,
                                                    const QDateTime &now) const
{
    const QDateTime latest = now.addDays(capDays(classification));
    if (requested) {
        if (*requested <= now)
            return {true, std::nullopt};
        return {false, qMin(*requested, latest)};
    }
    const std::optional<int> days = defaultDays(classification);
    if (!days)
        return {false, std::nullopt};
    return {false, qMin(now.addDays(*days), latest)};
}

} // namespace ddalab
