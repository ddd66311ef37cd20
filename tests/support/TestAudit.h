#pragma once

#include "domain/AuditEntry.h"

#include <QDateTime>

// An audit row for store tests that are about something else: the stores take one with every
// write, as the daemon's services hand them theirs.
inline ddalab::AuditEntry testAudit()
{
    using namespace Qt::StringLiterals;
    return ddalab::AuditEntry{0,
                              QDateTime::currentDateTimeUtc(),
                              u"test"_s,
                              u"test.change"_s,
                              u"target"_s,
                              std::nullopt,
                              ddalab::AuditOutcome::Success,
                              {}};
}
