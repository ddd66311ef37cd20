#include "protocol/AuditJson.h"

#include "protocol/Rfc3339.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ddalab::protocol::audit {

using namespace Qt::StringLiterals;

namespace {

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QByteArray csvField(const QString &text)
{
    QByteArray field = text.toUtf8();
    if (!field.contains(',') && !field.contains('"') && !field.contains('\r') &&
        !field.contains('\n'))
        return field;
    field.replace("\"", "\"\"");
    return '"' + field + '"';
}

} // namespace

QJsonObject entryJson(const AuditEntry &entry)
{
    return QJsonObject{
        {"id"_L1, double(entry.id)},
        {"time"_L1, rfc3339::format(entry.time)},
        {"actor"_L1, entry.actor},
        {"action"_L1, entry.action},
        {"target"_L1, entry.target},
        {"source_address"_L1,
         entry.sourceAddress ? QJsonValue(*entry.sourceAddress) : QJsonValue()},
        {"outcome"_L1, auditOutcomeName(entry.outcome)},
        {"details"_L1, entry.details},
    };
}

std::optional<AuditEntry> readEntry(const QJsonObject &object, QString *error)
{
    AuditEntry entry;
    const QJsonValue id = object.value("id"_L1);
    const auto time = rfc3339::parse(object.value("time"_L1).toString());
    const auto outcome = auditOutcomeFromName(object.value("outcome"_L1).toString());
    const QJsonValue address = object.value("source_address"_L1);
    if (!id.isDouble() || !time || !outcome || !object.value("actor"_L1).isString() ||
        !object.value("action"_L1).isString() || !object.value("target"_L1).isString() ||
        !(address.isNull() || address.isString()) || !object.value("details"_L1).isObject()) {
        *error = u"an audit entry needs id, time, actor, action, target, source_address, "
                 "outcome and details"_s;
        return std::nullopt;
    }
    entry.id = qint64(id.toDouble());
    entry.time = *time;
    entry.actor = object.value("actor"_L1).toString();
    entry.action = object.value("action"_L1).toString();
    entry.target = object.value("target"_L1).toString();
    if (address.isString())
        entry.sourceAddress = address.toString();
    entry.outcome = *outcome;
    entry.details = object.value("details"_L1).toObject();
    return entry;
}

QByteArray pageBody(const AuditPage &page)
{
    QJsonArray entries;
    for (const AuditEntry &entry : page.entries)
        entries.append(entryJson(entry));
    return QJsonDocument(QJsonObject{{"entries"_L1, entries},
                                     {"next_cursor"_L1,
                                      page.nextAfterId ? QJsonValue(cursorOf(*page.nextAfterId))
                                                       : QJsonValue()}})
        .toJson(QJsonDocument::Compact);
}

QString cursorOf(qint64 id)
{
    return QString::number(id);
}

std::optional<qint64> readCursor(const QString &text)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok || id <= 0)
        return std::nullopt;
    return id;
}

std::optional<AuditQuery> readQuery(const std::function<std::optional<QString>(QString)> &value,
                                    QString *error)
{
    AuditQuery query;
    query.limit = AuditQuery::kDefaultLimit;
    for (const auto &[name, target] :
         {std::pair{u"actor"_s, &query.actor}, std::pair{u"action"_s, &query.action},
          std::pair{u"target"_s, &query.target}}) {
        if (const auto text = value(name)) {
            if (text->isEmpty() || text->size() > 1024) {
                *error = u"'%1' must be 1 to 1024 characters"_s.arg(name);
                return std::nullopt;
            }
            *target = *text;
        }
    }
    for (const auto &[name, target] :
         {std::pair{u"since"_s, &query.since}, std::pair{u"until"_s, &query.until}}) {
        if (const auto text = value(name)) {
            const auto time = rfc3339::parse(*text);
            if (!time) {
                *error = u"'%1' must be an RFC 3339 time such as 2026-01-31T12:00:00Z"_s.arg(name);
                return std::nullopt;
            }
            *target = *time;
        }
    }
    if (const auto text = value(u"limit"_s)) {
        bool ok = false;
        const int limit = text->toInt(&ok);
        if (!ok || limit < 1 || limit > AuditQuery::kMaxLimit) {
            *error = u"'limit' must be a whole number from 1 to %1"_s.arg(AuditQuery::kMaxLimit);
            return std::nullopt;
        }
        query.limit = limit;
    }
    if (const auto text = value(u"after"_s)) {
        query.afterId = readCursor(*text);
        if (!query.afterId) {
            *error = u"'after' must be a next_cursor this broker answered"_s;
            return std::nullopt;
        }
    }
    return query;
}

QByteArray csvHeader()
{
    return "id,time,actor,action,target,source_address,outcome,details\r\n";
}

QByteArray csvRows(const QList<AuditEntry> &entries)
{
    QByteArray csv;
    for (const AuditEntry &entry : entries) {
        const QList<QByteArray> fields{QByteArray::number(entry.id),
                                       csvField(rfc3339::format(entry.time)),
                                       csvField(entry.actor),
                                       csvField(entry.action),
                                       csvField(entry.target),
                                       csvField(entry.sourceAddress.value_or(QString())),
                                       csvField(auditOutcomeName(entry.outcome)),
                                       csvField(compact(entry.details))};
        csv += fields.join(',') + "\r\n";
    }
    return csv;
}

} // namespace ddalab::protocol::audit
