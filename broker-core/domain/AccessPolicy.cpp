#include "AccessPolicy.h"

namespace ddalab {

QString accessPolicyKindName(AccessPolicy::Kind kind)
{
    switch (kind) {
    case AccessPolicy::Kind::Public:
        return QStringLiteral("public");
    case AccessPolicy::Kind::Team:
        return QStringLiteral("team");
    case AccessPolicy::Kind::Users:
        return QStringLiteral("users");
    }
    return {};
}

} // namespace ddalab
