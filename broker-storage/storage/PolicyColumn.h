#pragma once

#include "domain/AccessPolicy.h"

#include <QJsonObject>
#include <QString>

namespace ddalab {

// The access_policy column's JSON, the storage's own format: it is written and read here and
// nowhere else, so that a change to the protocol's JSON cannot change what the database holds
// (nor make stored rows unreadable). Today both happen to look alike:
// {"type":"public"}, {"type":"team","team_id":ID}, {"type":"users","user_ids":[IDS]}.
class PolicyColumn
{
public:
    static QJsonObject toJson(const AccessPolicy &policy);
    static QString toText(const AccessPolicy &policy);
    // A stored policy this broker cannot read admits nobody but the owner.
    static AccessPolicy fromText(const QString &text, const QString &ownerUserId);
};

} // namespace ddalab
