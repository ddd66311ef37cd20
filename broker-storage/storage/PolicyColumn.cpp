#include "PolicyColumn.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ddalab {

using namespace Qt::StringLiterals;

QJsonObject PolicyColumn::toJson(const AccessPolicy &policy)
{
    switch (policy.kind) {
    case AccessPolicy::Kind::Public:
        return {{"type"_L1, "public"_L1}};
    case AccessPolicy::Kind::Team:
        return {{"type"_L1, "team"_L1}, {"team_id"_L1, policy.teamId}};
    case AccessPolicy::Kind::Users:
        return {{"type"_L1, "users"_L1},
                {"user_ids"_L1, QJsonArray::fromStringList(policy.userIds)}};
    }
    return {};
}

QString PolicyColumn::toText(const AccessPolicy &policy)
{
    return QString::fromUtf8(QJsonDocument(toJson(policy)).toJson(QJsonDocument::Compact));
}

AccessPolicy PolicyColumn::fromText(const QString &text, const QString &ownerUserId)
{
    const AccessPolicy ownerOnly = AccessPolicy::makeUsers({ownerUserId});
    const QJsonObject object = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = object.value("type"_L1).toString();
    if (type == "public"_L1)
        return AccessPolicy::makePublic();
    if (type == "team"_L1) {
        const QString teamId = object.value("team_id"_L1).toString();
        return teamId.isEmpty() ? ownerOnly : AccessPolicy::makeTeam(teamId);
    }
    if (type == "users"_L1) {
        const QJsonValue ids = object.value("user_ids"_L1);
        QStringList userIds;
        for (const QJsonValue &id : ids.toArray()) {
            if (!id.isString())
                return ownerOnly;
            userIds.append(id.toString());
        }
        return ids.isArray() ? AccessPolicy::makeUsers(userIds) : ownerOnly;
    }
    return ownerOnly;
}

} // namespace ddalab
