#include "AccessPolicyEvaluator.h"

namespace ddalab {

bool AccessPolicyEvaluator::admits(const AccessPolicy &policy, const QString &ownerUserId,
                                   const QString &requesterId, bool requesterInTeam)
{
    // The owner always sees their own share.
    if (!requesterId.isEmpty() && requesterId == ownerUserId)
        return true;
    switch (policy.kind) {
    case AccessPolicy::Kind::Public:
        return true;
    case AccessPolicy::Kind::Users:
        return !requesterId.isEmpty() && policy.userIds.contains(requesterId);
    case AccessPolicy::Kind::Team:
        return !requesterId.isEmpty() && requesterInTeam;
    }
    return false;
}

} // namespace ddalab
