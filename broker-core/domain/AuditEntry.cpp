#include "domain/AuditEntry.h"

namespace ddalab {

using namespace Qt::StringLiterals;

QString auditOutcomeName(AuditOutcome outcome)
{
    switch (outcome) {
    case AuditOutcome::Success:
        return u"success"_s;
    case AuditOutcome::Failure:
        return u"failure"_s;
    case AuditOutcome::Denied:
        return u"denied"_s;
    }
    return u"failure"_s;
}

std::optional<AuditOutcome> auditOutcomeFromName(const QString &name)
{
    for (const AuditOutcome outcome :
         {AuditOutcome::Success, AuditOutcome::Failure, AuditOutcome::Denied}) {
        if (auditOutcomeName(outcome) == name)
            return outcome;
    }
    return std::nullopt;
}

} // namespace ddalab
