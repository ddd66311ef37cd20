#include "AuditTable.h"

#include "SqlConnection.h"

#include "protocol/JsonText.h"

#include <QJsonDocument>

#include <limits>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

// select_audit_page's columns.
enum Column { Id, OccurredAtMs, Actor, Action, Target, SourceAddress, Outcome, Details };

// Bounds that stand for "no bound" in select_audit_page (the engines take no NULL filters
// without casts): the epoch, and the year 3000.
constexpr qint64 kNoSinceMs = 0;
constexpr qint64 kNoUntilMs = 32503680000000;

QString compactJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace

bool AuditTable::insert(const AuditEntry &entry)
{
    SqlStatement insert = m_connection.prepare(u"insert_audit"_s);
    insert.bind(u":occurred_at_ms"_s, entry.time.toMSecsSinceEpoch());
    insert.bind(u":actor"_s, entry.actor);
    insert.bind(u":action"_s, entry.action);
    insert.bind(u":target"_s, entry.target);
    insert.bind(u":source_address"_s, entry.sourceAddress
                                          ? QVariant(*entry.sourceAddress)
                                          : QVariant(QMetaType::fromType<QString>()));
    insert.bind(u":outcome"_s, auditOutcomeName(entry.outcome));
    insert.bind(u":details"_s, compactJson(entry.details));
    return insert.exec();
}

bool AuditTable::insertAll(const QList<AuditEntry> &entries)
{
    if (entries.isEmpty())
        return true;
    SqlStatement batch = entries.size() > 1 ? m_connection.prepareIfPresent(u"insert_audit_batch"_s)
                                            : SqlStatement();
    if (!batch) {
        for (const AuditEntry &entry : entries) {
            if (!insert(entry))
                return false;
        }
        return true;
    }
    // Written as text: a QJsonArray of QJsonObjects cost more than the insert itself.
    QByteArray rows;
    rows.reserve(entries.size() * 160);
    rows += '[';
    for (const AuditEntry &entry : entries) {
        if (rows.size() > 1)
            rows += ',';
        protocol::JsonTextObject row(rows);
        row.key("occurred_at_ms") += QByteArray::number(entry.time.toMSecsSinceEpoch());
        row.field("actor", entry.actor);
        row.field("action", entry.action);
        row.field("target", entry.target);
        row.field("source_address", entry.sourceAddress);
        row.field("outcome", auditOutcomeName(entry.outcome));
        row.field("details", entry.details);
    }
    rows += ']';
    batch.bind(u":rows"_s, QString::fromUtf8(rows));
    return batch.exec();
}

std::optional<AuditPage> AuditTable::page(const AuditQuery &query)
{
    SqlStatement select = m_connection.prepare(u"select_audit_page"_s);
    select.bind(u":after_id"_s, query.afterId.value_or(std::numeric_limits<qint64>::max()));
    select.bind(u":actor"_s, query.actor.isNull() ? u""_s : query.actor);
    select.bind(u":action"_s, query.action.isNull() ? u""_s : query.action);
    // Action names are dotted words: a comma separates them safely.
    select.bind(u":actions"_s, query.actions.isEmpty() ? u""_s : query.actions.join(u','));
    select.bind(u":target"_s, query.target.isNull() ? u""_s : query.target);
    select.bind(u":since_ms"_s, query.since ? query.since->toMSecsSinceEpoch() : kNoSinceMs);
    select.bind(u":until_ms"_s, query.until ? query.until->toMSecsSinceEpoch() : kNoUntilMs);
    // One row more than asked tells whether another page follows.
    select.bind(u":limit"_s, query.limit + 1);
    if (!select.exec())
        return std::nullopt;
    AuditPage page;
    while (select.next()) {
        if (page.entries.size() == query.limit) {
            page.nextAfterId = page.entries.last().id;
            break;
        }
        AuditEntry entry;
        entry.id = select.value(Id).toLongLong();
        entry.time =
            QDateTime::fromMSecsSinceEpoch(select.value(OccurredAtMs).toLongLong(), Qt::UTC);
        entry.actor = select.value(Actor).toString();
        entry.action = select.value(Action).toString();
        entry.target = select.value(Target).toString();
        if (!select.isNull(SourceAddress))
            entry.sourceAddress = select.value(SourceAddress).toString();
        entry.outcome =
            auditOutcomeFromName(select.value(Outcome).toString()).value_or(AuditOutcome::Failure);
        entry.details = QJsonDocument::fromJson(select.value(Details).toString().toUtf8()).object();
        page.entries.append(entry);
    }
    return page;
}

std::optional<int> AuditTable::deleteBefore(const QDateTime &before, int limit)
{
    SqlStatement remove = m_connection.prepare(u"delete_old_audit"_s);
    remove.bind(u":before_ms"_s, before.toMSecsSinceEpoch());
    remove.bind(u":limit"_s, limit);
    if (!remove.exec())
        return std::nullopt;
    return remove.numRowsAffected();
}

} // namespace ddalab
