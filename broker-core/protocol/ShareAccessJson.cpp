#include "ShareAccessJson.h"

#include "FieldLimits.h"
#include "ProtocolFields.h"
#include "Rfc3339.h"
#include "domain/AuditEntry.h"

#include <QJsonArray>

namespace ddalab::protocol::share_access_json {

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kMaxCursor = 24;
constexpr qsizetype kMaxText = 1024;

QJsonObject entryToJson(const ShareAccessEntry &entry)
{
    QJsonObject object{{"time"_L1, rfc3339::format(entry.time)},
                       {"requester"_L1, entry.requester},
                       {"outcome"_L1, entry.granted ? "granted"_L1 : "denied"_L1}};
    if (!entry.granted && !entry.reason.isEmpty())
        object.insert("reason"_L1, entry.reason);
    if (entry.address)
        object.insert("address"_L1, *entry.address);
    if (entry.count > 1) {
        object.insert("count"_L1, double(entry.count));
        if (entry.lastTime)
            object.insert("last_time"_L1, rfc3339::format(*entry.lastTime));
    }
    return object;
}

ShareAccessEntry readEntry(JsonFieldReader &reader)
{
    ShareAccessEntry entry;
    const QString time = reader.requiredString("time"_L1, 64);
    entry.requester = reader.requiredString("requester"_L1, kMaxText);
    const QString outcome = reader.requiredString("outcome"_L1, 16);
    entry.reason = reader.nullableString("reason"_L1, kMaxText).value_or(QString());
    entry.address = reader.nullableString("address"_L1, kMaxText);
    entry.count = reader.optionalInteger("count"_L1, 1, limits::kMaxExactInteger, 1);
    const auto lastTime = reader.nullableString("last_time"_L1, 64);
    if (!reader.ok())
        return entry;
    if (lastTime) {
        entry.lastTime = rfc3339::parse(*lastTime);
        if (!entry.lastTime)
            reader.fail(
                u"field '%1' must be an RFC 3339 time"_s.arg(reader.fieldPath("last_time"_L1)));
    }
    if (const auto parsed = rfc3339::parse(time))
        entry.time = *parsed;
    else
        reader.fail(u"field '%1' must be an RFC 3339 time"_s.arg(reader.fieldPath("time"_L1)));
    if (outcome != "granted"_L1 && outcome != "denied"_L1)
        reader.fail(u"field '%1' must be granted or denied"_s.arg(reader.fieldPath("outcome"_L1)));
    entry.granted = outcome == "granted"_L1;
    return entry;
}

} // namespace

QJsonObject requestToJson(const ListShareAccess &message)
{
    QJsonObject object{{"token"_L1, message.token}};
    if (message.limit)
        object.insert("limit"_L1, *message.limit);
    if (message.after)
        object.insert("after"_L1, *message.after);
    return object;
}

ListShareAccess readRequest(JsonFieldReader &reader)
{
    ListShareAccess message;
    message.token = fields::readToken(reader);
    if (!reader.isAbsentOrNull("limit"_L1))
        message.limit = int(reader.requiredInteger("limit"_L1, 1, AuditQuery::kMaxLimit));
    message.after = reader.nullableString("after"_L1, kMaxCursor);
    return message;
}

QJsonObject listToJson(const ShareAccessList &list)
{
    QJsonArray entries;
    for (const ShareAccessEntry &entry : list.entries)
        entries.append(entryToJson(entry));
    QJsonObject object{{"token"_L1, list.token}, {"entries"_L1, entries}};
    if (list.nextCursor)
        object.insert("next_cursor"_L1, *list.nextCursor);
    return object;
}

ShareAccessList readList(JsonFieldReader &reader)
{
    ShareAccessList list;
    list.token = fields::readToken(reader);
    list.entries = readObjectArray(reader, "entries"_L1, AuditQuery::kMaxLimit, readEntry);
    list.nextCursor = reader.nullableString("next_cursor"_L1, kMaxCursor);
    return list;
}

} // namespace ddalab::protocol::share_access_json
