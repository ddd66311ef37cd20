#pragma once

#include "ShareMetadata.h"

#include <QDateTime>

#include <array>
#include <optional>

namespace ddalab {

// How long shares last: the default per classification when a desktop asks for nothing, and the
// longest a desktop may ask for. DDALAB's collaboration design sets the defaults (phi 7 days,
// de_identified 30, synthetic 90, unclassified 30); only unclassified shares may last for ever.
// In HIPAA mode a phi share is also capped by the phi maximum.
class ShareExpiryRules
{
public:
    static constexpr int kDefaultMaxDays = 365;
    static constexpr int kDefaultPhiMaxDays = 30;
    // The longest any setting may be (a hundred years): keeps dates far from overflowing.
    static constexpr int kLongestDays = 36500;

    ShareExpiryRules();

    // nullopt: never ends.
    std::optional<int> defaultDays(Classification classification) const;
    // False (and nothing changes) for a number below 1 or above the maximum, or for "never"
    // for any classification but unclassified.
    bool setDefaultDays(Classification classification, std::optional<int> days);
    int maxDays() const { return m_maxDays; }
    // False for a number below 1, above kLongestDays or below a default.
    bool setMaxDays(int days);
    int phiMaxDays() const { return m_phiMaxDays; }
    bool setPhiMaxDays(int days);
    bool hipaaMode() const { return m_hipaaMode; }
    void setHipaaMode(bool on) { m_hipaaMode = on; }

    struct Decision
    {
        bool inThePast = false;             // the desktop asked for a time not after now
        std::optional<QDateTime> expiresAt; // nullopt: never
    };
    // The expiry a share gets: what its desktop asked for, capped by the maximum (and the phi
    // maximum in HIPAA mode), or else its classification's default.
    Decision decide(Classification classification, const std::optional<QDateTime> &requested,
                    const QDateTime &now) const;

    friend bool operator==(const ShareExpiryRules &, const ShareExpiryRules &) = default;

private:
    int capDays(Classification classification) const;

    std::array<std::optional<int>, 4> m_defaultDays; // by Classification
    int m_maxDays = kDefaultMaxDays;
    int m_phiMaxDays = kDefaultPhiMaxDays;
    bool m_hipaaMode = false;
};

} // namespace ddalab
