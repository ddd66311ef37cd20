#pragma once

#include "AccessPolicy.h"

#include <QString>

namespace ddalab {

// Decides whether a requester may open a share. Team policies admit the members of the team:
// requesterInTeam says whether the requester belongs to the policy's team now (ShareService asks
// at each request).
class AccessPolicyEvaluator
{
public:
    static bool admits(const AccessPolicy &policy, const QString &ownerUserId,
                       const QString &requesterId, bool requesterInTeam = false);
};

} // namespace ddalab
