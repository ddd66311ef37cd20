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

bool AuditQuery::matches(const AuditEntry &entry) const
{
    return (actor.isEmpty() || entry.actor == actor) &&
           (action.isEmpty() || entry.action == action) &&
           (actions.isEmpty() || actions.contains(entry.action)) &&
           (target.isEmpty() || entry.target == target) && (!since || entry.time >= *since) &&
           (!until || entry.time < *until);
}

} // namespace ddalab
