#pragma once

#include "ShareExpiryRules.h"

#include <QString>
#include <QStringList>

namespace ddalab {

// The institution's settings, one set per broker (per database): its id and name (the mDNS key
// `institution` follows the name), whether federation is allowed and with whom, and the share
// expiry rules with HIPAA mode in them. What GET and PUT /api/institution/config carry.
struct InstitutionSettings
{
    // Bounds a PUT is checked against, in UTF-8 bytes (the name's is INSTITUTION_NAME's, which
    // an mDNS TXT entry must hold).
    static constexpr qsizetype kMaxIdBytes = 128;
    static constexpr qsizetype kMaxNameBytes = 200;
    static constexpr qsizetype kMaxFederatedInstitutions = 100;
    static constexpr qsizetype kMaxFederatedIdBytes = 128;

    QString id;
    QString name; // may be empty: the mDNS key is then left out
    bool allowFederation = false;
    QStringList federatedInstitutions;
    ShareExpiryRules expiry;

    bool hipaaMode() const { return expiry.hipaaMode(); }

    friend bool operator==(const InstitutionSettings &, const InstitutionSettings &) = default;
};

} // namespace ddalab
