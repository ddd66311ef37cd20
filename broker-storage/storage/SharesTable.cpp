#include "SharesTable.h"

#include "PolicyColumn.h"
#include "SqlConnection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QVariant>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

// The columns every share SELECT begins with, in this order (select_share_by_token,
// select_shares_by_tokens, select_shares_by_owner, select_shares_newest, select_shares_before);
// times in milliseconds. The paging queries add their sort key after them.
namespace ShareRow {
enum Column {
    Token,
    OwnerUserId,
    ResultId,
    Title,
    Description,
    AccessPolicy,
    CreatedAtMs,
    RevokedAtMs,
    ContentType,
    Classification,
    DownloadCount,
    LastAccessedAtMs,
    ExpiresAtMs,
    MaxDownloads,
    SortKey,
};
} // namespace ShareRow

QVariant nullableText(const std::optional<QString> &text)
{
    return text ? QVariant(*text) : QVariant(QMetaType::fromType<QString>());
}

QVariant nullableMs(const std::optional<QDateTime> &time)
{
    return time ? QVariant(time->toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

QVariant nullableCount(const std::optional<quint64> &count)
{
    return count ? QVariant(qint64(*count)) : QVariant(QMetaType::fromType<qint64>());
}

// The columns that publishing sets, on insert and on the owner's update alike.
void bindPublishedColumns(SqlStatement &statement, const ShareMetadata &metadata)
{
    statement.bind(u":content_type"_s, contentTypeName(metadata.contentType));
    statement.bind(u":classification"_s, classificationName(metadata.classification));
    statement.bind(u":expires_at_ms"_s, nullableMs(metadata.expiresAt));
    statement.bind(u":max_downloads"_s, nullableCount(metadata.maxDownloads));
}

// Runs insert_shares_batch for all the shares; the tokens it inserted. Takes the statement over
// so that it is finished before the caller looks at the rows it did not insert.
std::optional<QSet<QString>> insertBatch(SqlStatement batch, const QList<ShareRecord> &shares)
{
    QJsonArray rows;
    for (const ShareRecord &share : shares) {
        const ShareMetadata &metadata = share.metadata;
        // A null QString is SQL NULL here as in a bound value, so both paths refuse alike.
        const auto text = [](const QString &value) {
            return value.isNull() ? QJsonValue() : QJsonValue(value);
        };
        rows.append(QJsonObject{
            {"token"_L1, text(share.token)},
            {"owner_user_id"_L1, text(metadata.ownerUserId)},
            {"result_id"_L1, text(metadata.resultId)},
            {"title"_L1, text(metadata.title)},
            {"description"_L1,
             metadata.description ? QJsonValue(*metadata.description) : QJsonValue()},
            {"access_policy"_L1, PolicyColumn::toJson(metadata.accessPolicy)},
            {"created_at_ms"_L1, double(metadata.createdAt.toMSecsSinceEpoch())},
            {"content_type"_L1, contentTypeName(metadata.contentType)},
            {"classification"_L1, classificationName(metadata.classification)},
            {"expires_at_ms"_L1, metadata.expiresAt
                                     ? QJsonValue(double(metadata.expiresAt->toMSecsSinceEpoch()))
                                     : QJsonValue()},
            {"max_downloads"_L1,
             metadata.maxDownloads ? QJsonValue(double(*metadata.maxDownloads)) : QJsonValue()},
        });
    }
    batch.bind(u":rows"_s, QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact)));
    if (!batch.exec())
        return std::nullopt;
    QSet<QString> inserted;
    while (batch.next())
        inserted.insert(batch.value(0).toString());
    return inserted;
}

} // namespace

std::optional<PublishResult> SharesTable::publish(const ShareRecord &share)
{
    const ShareMetadata &metadata = share.metadata;
    const QString policy = PolicyColumn::toText(metadata.accessPolicy);

    SqlStatement insert = m_connection.prepare(u"insert_share"_s);
    insert.bind(u":token"_s, share.token);
    insert.bind(u":owner_user_id"_s, metadata.ownerUserId);
    insert.bind(u":result_id"_s, metadata.resultId);
    insert.bind(u":title"_s, metadata.title);
    insert.bind(u":description"_s, nullableText(metadata.description));
    insert.bind(u":access_policy"_s, policy);
    insert.bind(u":created_at_ms"_s, metadata.createdAt.toMSecsSinceEpoch());
    bindPublishedColumns(insert, metadata);
    if (!insert.exec())
        return std::nullopt;
    if (insert.numRowsAffected() == 1)
        return PublishResult{PublishResult::Status::Created, {}};
    return publishOverExisting(share);
}

std::optional<QList<PublishResult>> SharesTable::publishAll(const QList<ShareRecord> &shares)
{
    QList<PublishResult> results;
    results.reserve(shares.size());
    SqlStatement batch = shares.size() > 1 ? m_connection.prepareIfPresent(u"insert_shares_batch"_s)
                                           : SqlStatement();
    if (!batch) {
        for (const ShareRecord &share : shares) {
            auto result = publish(share);
            if (!result)
                return std::nullopt;
            results.append(*result);
        }
        return results;
    }
    const auto inserted = insertBatch(std::move(batch), shares);
    if (!inserted)
        return std::nullopt;

    // A token twice in one batch was inserted once: its first publish created it.
    QSet<QString> created;
    for (const ShareRecord &share : shares) {
        if (inserted->contains(share.token) && !created.contains(share.token)) {
            created.insert(share.token);
            results.append({PublishResult::Status::Created, {}});
            continue;
        }
        auto result = publishOverExisting(share);
        if (!result)
            return std::nullopt;
        results.append(*result);
    }
    return results;
}

std::optional<PublishResult> SharesTable::publishOverExisting(const ShareRecord &share)
{
    const ShareMetadata &metadata = share.metadata;
    const QString policy = PolicyColumn::toText(metadata.accessPolicy);
    SqlStatement update = m_connection.prepare(u"update_share_by_owner"_s);
    update.bind(u":title"_s, metadata.title);
    update.bind(u":description"_s, nullableText(metadata.description));
    update.bind(u":access_policy"_s, policy);
    bindPublishedColumns(update, metadata);
    update.bind(u":token"_s, share.token);
    update.bind(u":owner_user_id"_s, metadata.ownerUserId);
    if (!update.exec())
        return std::nullopt;
    if (update.numRowsAffected() == 1)
        return PublishResult{PublishResult::Status::Updated, {}};

    const auto state = tokenState(share.token);
    if (!state)
        return std::nullopt;
    if (state->exists && state->ownerUserId == metadata.ownerUserId && state->revoked)
        return PublishResult{PublishResult::Status::TokenRevoked, {}};
    return PublishResult{PublishResult::Status::TokenTaken, {}};
}

std::optional<RevokeResult> SharesTable::revoke(const QString &token, const QString &ownerUserId,
                                                const QDateTime &revokedAt)
{
    SqlStatement revoke = m_connection.prepare(u"revoke_share_by_owner"_s);
    revoke.bind(u":revoked_at_ms"_s, revokedAt.toMSecsSinceEpoch());
    revoke.bind(u":token"_s, token);
    revoke.bind(u":owner_user_id"_s, ownerUserId);
    if (!revoke.exec())
        return std::nullopt;
    if (revoke.numRowsAffected() == 1)
        return RevokeResult{RevokeResult::Status::Revoked, {}};

    const auto state = tokenState(token);
    if (!state)
        return std::nullopt;
    if (!state->exists || state->revoked)
        return RevokeResult{RevokeResult::Status::NotFound, {}};
    return RevokeResult{RevokeResult::Status::NotOwner, {}};
}

std::optional<LookupResult> SharesTable::find(const QString &token)
{
    SqlStatement select = m_connection.prepare(u"select_share_by_token"_s);
    select.bind(u":token"_s, token);
    if (!select.exec())
        return std::nullopt;
    if (!select.next())
        return LookupResult{LookupResult::Status::NotFound, {}, {}};
    return LookupResult{LookupResult::Status::Found, shareFromRow(select), {}};
}

std::optional<QList<LookupResult>> SharesTable::findAll(const QList<QString> &tokens)
{
    QList<LookupResult> results;
    results.reserve(tokens.size());
    SqlStatement select = tokens.size() > 1
                              ? m_connection.prepareIfPresent(u"select_shares_by_tokens"_s)
                              : SqlStatement();
    if (!select) {
        for (const QString &token : tokens) {
            auto result = find(token);
            if (!result)
                return std::nullopt;
            results.append(*result);
        }
        return results;
    }
    select.bind(
        u":tokens"_s,
        QString::fromUtf8(
            QJsonDocument(QJsonArray::fromStringList(tokens)).toJson(QJsonDocument::Compact)));
    if (!select.exec())
        return std::nullopt;
    QHash<QString, ShareRecord> found;
    while (select.next()) {
        ShareRecord share = shareFromRow(select);
        found.insert(share.token, share);
    }
    for (const QString &token : tokens) {
        const auto it = found.constFind(token);
        results.append(it == found.cend() ? LookupResult{LookupResult::Status::NotFound, {}, {}}
                                          : LookupResult{LookupResult::Status::Found, *it, {}});
    }
    return results;
}

ShareRecord SharesTable::shareFromRow(const SqlStatement &row)
{
    ShareRecord share;
    share.token = row.value(ShareRow::Token).toString();
    share.metadata.ownerUserId = row.value(ShareRow::OwnerUserId).toString();
    share.metadata.resultId = row.value(ShareRow::ResultId).toString();
    share.metadata.title = row.value(ShareRow::Title).toString();
    if (!row.isNull(ShareRow::Description))
        share.metadata.description = row.value(ShareRow::Description).toString();
    share.metadata.accessPolicy = PolicyColumn::fromText(
        row.value(ShareRow::AccessPolicy).toString(), share.metadata.ownerUserId);
    share.metadata.createdAt =
        QDateTime::fromMSecsSinceEpoch(row.value(ShareRow::CreatedAtMs).toLongLong(), Qt::UTC);
    if (!row.isNull(ShareRow::RevokedAtMs))
        share.revokedAt =
            QDateTime::fromMSecsSinceEpoch(row.value(ShareRow::RevokedAtMs).toLongLong(), Qt::UTC);
    // Values this broker does not know read as the defaults.
    share.metadata.contentType = contentTypeFromName(row.value(ShareRow::ContentType).toString())
                                     .value_or(ContentType::DdaResult);
    share.metadata.classification =
        classificationFromName(row.value(ShareRow::Classification).toString())
            .value_or(Classification::Unclassified);
    share.usage.downloadCount = row.value(ShareRow::DownloadCount).toULongLong();
    if (!row.isNull(ShareRow::LastAccessedAtMs))
        share.usage.lastAccessedAt = QDateTime::fromMSecsSinceEpoch(
            row.value(ShareRow::LastAccessedAtMs).toLongLong(), Qt::UTC);
    if (!row.isNull(ShareRow::ExpiresAtMs))
        share.metadata.expiresAt =
            QDateTime::fromMSecsSinceEpoch(row.value(ShareRow::ExpiresAtMs).toLongLong(), Qt::UTC);
    if (!row.isNull(ShareRow::MaxDownloads))
        share.metadata.maxDownloads = row.value(ShareRow::MaxDownloads).toULongLong();
    return share;
}

std::optional<qint64> SharesTable::countActive()
{
    SqlStatement count = m_connection.prepare(u"count_active_shares"_s);
    if (!count.exec())
        return std::nullopt;
    return count.next() ? count.value(0).toLongLong() : 0;
}

std::optional<ShareListResult> SharesTable::listByOwner(const QString &ownerUserId, int limit)
{
    SqlStatement select = m_connection.prepare(u"select_shares_by_owner"_s);
    select.bind(u":owner_user_id"_s, ownerUserId);
    select.bind(u":limit"_s, limit);
    if (!select.exec())
        return std::nullopt;
    ShareListResult result{ShareListResult::Status::Found, {}, {}};
    while (select.next())
        result.shares.append(shareFromRow(select));
    return result;
}

std::optional<RevokeResult> SharesTable::revokeAsAdmin(const QString &token,
                                                       const QDateTime &revokedAt)
{
    SqlStatement revoke = m_connection.prepare(u"revoke_share_as_admin"_s);
    revoke.bind(u":revoked_at_ms"_s, revokedAt.toMSecsSinceEpoch());
    revoke.bind(u":token"_s, token);
    if (!revoke.exec())
        return std::nullopt;
    return RevokeResult{revoke.numRowsAffected() == 1 ? RevokeResult::Status::Revoked
                                                      : RevokeResult::Status::NotFound,
                        {}};
}

std::optional<SharePageResult> SharesTable::page(const std::optional<ShareCursor> &after, int limit)
{
    // The queries return a sort key after the share's columns: created_at in the engine's own
    // precision, which the next page's cursor binds back unchanged.
    SqlStatement select =
        m_connection.prepare(after ? u"select_shares_before"_s : u"select_shares_newest"_s);
    if (after) {
        select.bind(u":sort_key"_s, after->sortKey);
        select.bind(u":token"_s, after->token);
    }
    // One row more than asked tells whether another page follows.
    select.bind(u":limit"_s, limit + 1);
    if (!select.exec())
        return std::nullopt;
    SharePageResult result{SharePageResult::Status::Found, {}, std::nullopt, {}};
    qint64 lastSortKey = 0;
    while (select.next()) {
        if (result.shares.size() == limit) {
            result.nextCursor = ShareCursor{lastSortKey, result.shares.last().token};
            break;
        }
        result.shares.append(shareFromRow(select));
        lastSortKey = select.value(ShareRow::SortKey).toLongLong();
    }
    return result;
}

std::optional<bool> SharesTable::addAccesses(const QList<ShareAccessCount> &accesses)
{
    SqlStatement batch = accesses.size() > 1
                             ? m_connection.prepareIfPresent(u"add_share_accesses_batch"_s)
                             : SqlStatement();
    if (batch) {
        QJsonArray rows;
        for (const ShareAccessCount &access : accesses)
            rows.append(QJsonObject{
                {"token"_L1, access.token},
                {"count"_L1, double(access.count)},
                {"last_accessed_at_ms"_L1, double(access.lastAccessedAt.toMSecsSinceEpoch())}});
        batch.bind(u":accesses"_s,
                   QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact)));
        if (!batch.exec())
            return std::nullopt;
        return true;
    }
    for (const ShareAccessCount &access : accesses) {
        SqlStatement update = m_connection.prepare(u"add_share_accesses"_s);
        update.bind(u":count"_s, access.count);
        update.bind(u":last_accessed_at_ms"_s, access.lastAccessedAt.toMSecsSinceEpoch());
        update.bind(u":token"_s, access.token);
        if (!update.exec())
            return std::nullopt;
    }
    return true;
}

std::optional<QList<ExpiredShare>> SharesTable::markExpired(const QDateTime &now, int limit)
{
    // mark_expired_shares' columns.
    enum Column { Token, OwnerUserId, ExpiresAtMs };

    SqlStatement mark = m_connection.prepare(u"mark_expired_shares"_s);
    mark.bind(u":now_ms"_s, now.toMSecsSinceEpoch());
    mark.bind(u":limit"_s, limit);
    if (!mark.exec())
        return std::nullopt;
    QList<ExpiredShare> expired;
    while (mark.next())
        expired.append(
            {mark.value(Token).toString(), mark.value(OwnerUserId).toString(),
             QDateTime::fromMSecsSinceEpoch(mark.value(ExpiresAtMs).toLongLong(), Qt::UTC)});
    return expired;
}

std::optional<int> SharesTable::deleteEnded(const QDateTime &before, int limit)
{
    SqlStatement remove = m_connection.prepare(u"delete_ended_shares"_s);
    remove.bind(u":before_ms"_s, before.toMSecsSinceEpoch());
    remove.bind(u":limit"_s, limit);
    if (!remove.exec())
        return std::nullopt;
    return remove.numRowsAffected();
}

std::optional<SharesTable::TokenState> SharesTable::tokenState(const QString &token)
{
    // select_share_state's columns.
    enum Column { OwnerUserId, Revoked };

    SqlStatement select = m_connection.prepare(u"select_share_state"_s);
    select.bind(u":token"_s, token);
    if (!select.exec())
        return std::nullopt;
    TokenState state;
    if (select.next()) {
        state.exists = true;
        state.ownerUserId = select.value(OwnerUserId).toString();
        state.revoked = select.value(Revoked).toBool();
    }
    return state;
}

} // namespace ddalab
