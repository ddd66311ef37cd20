#pragma once

#include "AccessPolicy.h"

#include <QString>

namespace ddalab {

// Decides whether a requester may open a share. Team policies are refused until a team
// registry answers for membership.
class AccessPolicyEvaluator
{
public:
    static bool admits(const AccessPolicy &policy, const QString &ownerUserId,
                       const QString &requesterId);
};

} // namespace ddalab
