#include "SharesTable.h"

#include "SqlConnection.h"
#include "protocol/MessageCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>
#include <QVariant>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

QVariant nullableText(const std::optional<QString> &text)
{
    return text ? QVariant(*text) : QVariant(QMetaType::fromType<QString>());
}

QString policyJson(const AccessPolicy &policy)
{
    return QString::fromUtf8(QJsonDocument(protocol::MessageCodec::accessPolicyToJson(policy))
                                 .toJson(QJsonDocument::Compact));
}

// A policy this broker cannot read admits nobody but the owner.
AccessPolicy policyFromJson(const QString &json, const QString &ownerUserId)
{
    const QJsonDocument policy = QJsonDocument::fromJson(json.toUtf8());
    QString policyError;
    return protocol::MessageCodec::accessPolicyFromJson(policy.object(), &policyError)
        .value_or(AccessPolicy::makeUsers({ownerUserId}));
}

} // namespace

std::optional<PublishResult> SharesTable::publish(const ShareRecord &share)
{
    const ShareMetadata &metadata = share.metadata;
    const QString policy = policyJson(metadata.accessPolicy);

    QSqlQuery *insert = m_connection.statement(u"insert_share"_s);
    if (!insert)
        return std::nullopt;
    insert->bindValue(u":token"_s, share.token);
    insert->bindValue(u":owner_user_id"_s, metadata.ownerUserId);
    insert->bindValue(u":result_id"_s, metadata.resultId);
    insert->bindValue(u":title"_s, metadata.title);
    insert->bindValue(u":description"_s, nullableText(metadata.description));
    insert->bindValue(u":access_policy"_s, policy);
    insert->bindValue(u":created_at_ms"_s, metadata.createdAt.toMSecsSinceEpoch());
    if (!m_connection.exec(*insert, u"insert_share"_s))
        return std::nullopt;
    if (insert->numRowsAffected() == 1)
        return PublishResult{PublishResult::Status::Created, {}};
    return publishOverExisting(share);
}

std::optional<QList<PublishResult>> SharesTable::publishAll(const QList<ShareRecord> &shares)
{
    QList<PublishResult> results;
    results.reserve(shares.size());
    QSqlQuery *batch =
        shares.size() > 1 ? m_connection.statementIfPresent(u"insert_shares_batch"_s) : nullptr;
    if (!batch) {
        for (const ShareRecord &share : shares) {
            auto result = publish(share);
            if (!result)
                return std::nullopt;
            results.append(*result);
        }
        return results;
    }

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
            {"access_policy"_L1, protocol::MessageCodec::accessPolicyToJson(metadata.accessPolicy)},
            {"created_at_ms"_L1, double(metadata.createdAt.toMSecsSinceEpoch())},
        });
    }
    batch->bindValue(u":rows"_s,
                     QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact)));
    if (!m_connection.exec(*batch, u"insert_shares_batch"_s))
        return std::nullopt;
    QSet<QString> inserted;
    while (batch->next())
        inserted.insert(batch->value(0).toString());
    batch->finish();

    // A token twice in one batch was inserted once: its first publish created it.
    QSet<QString> created;
    for (const ShareRecord &share : shares) {
        if (inserted.contains(share.token) && !created.contains(share.token)) {
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
    const QString policy = policyJson(metadata.accessPolicy);
    QSqlQuery *update = m_connection.statement(u"update_share_by_owner"_s);
    if (!update)
        return std::nullopt;
    update->bindValue(u":title"_s, metadata.title);
    update->bindValue(u":description"_s, nullableText(metadata.description));
    update->bindValue(u":access_policy"_s, policy);
    update->bindValue(u":token"_s, share.token);
    update->bindValue(u":owner_user_id"_s, metadata.ownerUserId);
    if (!m_connection.exec(*update, u"update_share_by_owner"_s))
        return std::nullopt;
    if (update->numRowsAffected() == 1)
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
    QSqlQuery *revoke = m_connection.statement(u"revoke_share_by_owner"_s);
    if (!revoke)
        return std::nullopt;
    revoke->bindValue(u":revoked_at_ms"_s, revokedAt.toMSecsSinceEpoch());
    revoke->bindValue(u":token"_s, token);
    revoke->bindValue(u":owner_user_id"_s, ownerUserId);
    if (!m_connection.exec(*revoke, u"revoke_share_by_owner"_s))
        return std::nullopt;
    if (revoke->numRowsAffected() == 1)
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
    QSqlQuery *select = m_connection.statement(u"select_share_by_token"_s);
    if (!select)
        return std::nullopt;
    select->bindValue(u":token"_s, token);
    if (!m_connection.exec(*select, u"select_share_by_token"_s))
        return std::nullopt;
    if (!select->next()) {
        select->finish();
        return LookupResult{LookupResult::Status::NotFound, {}, {}};
    }
    LookupResult result{LookupResult::Status::Found, shareFromRow(token, *select, 0), {}};
    select->finish();
    return result;
}

std::optional<QList<LookupResult>> SharesTable::findAll(const QList<QString> &tokens)
{
    QList<LookupResult> results;
    results.reserve(tokens.size());
    QSqlQuery *select =
        tokens.size() > 1 ? m_connection.statementIfPresent(u"select_shares_by_tokens"_s) : nullptr;
    if (!select) {
        for (const QString &token : tokens) {
            auto result = find(token);
            if (!result)
                return std::nullopt;
            results.append(*result);
        }
        return results;
    }
    select->bindValue(
        u":tokens"_s,
        QString::fromUtf8(
            QJsonDocument(QJsonArray::fromStringList(tokens)).toJson(QJsonDocument::Compact)));
    if (!m_connection.exec(*select, u"select_shares_by_tokens"_s))
        return std::nullopt;
    QHash<QString, ShareRecord> found;
    while (select->next()) {
        const QString token = select->value(0).toString();
        found.insert(token, shareFromRow(token, *select, 1));
    }
    select->finish();
    for (const QString &token : tokens) {
        const auto it = found.constFind(token);
        results.append(it == found.cend() ? LookupResult{LookupResult::Status::NotFound, {}, {}}
                                          : LookupResult{LookupResult::Status::Found, *it, {}});
    }
    return results;
}

ShareRecord SharesTable::shareFromRow(const QString &token, const QSqlQuery &row, int first)
{
    ShareRecord share;
    share.token = token;
    share.metadata.ownerUserId = row.value(first).toString();
    share.metadata.resultId = row.value(first + 1).toString();
    share.metadata.title = row.value(first + 2).toString();
    if (!row.isNull(first + 3))
        share.metadata.description = row.value(first + 3).toString();
    share.metadata.accessPolicy =
        policyFromJson(row.value(first + 4).toString(), share.metadata.ownerUserId);
    share.metadata.createdAt =
        QDateTime::fromMSecsSinceEpoch(row.value(first + 5).toLongLong(), Qt::UTC);
    if (!row.isNull(first + 6))
        share.revokedAt =
            QDateTime::fromMSecsSinceEpoch(row.value(first + 6).toLongLong(), Qt::UTC);
    return share;
}

std::optional<qint64> SharesTable::countActive()
{
    QSqlQuery *count = m_connection.statement(u"count_active_shares"_s);
    if (!count || !m_connection.exec(*count, u"count_active_shares"_s))
        return std::nullopt;
    const qint64 active = count->next() ? count->value(0).toLongLong() : 0;
    count->finish();
    return active;
}

std::optional<ShareListResult> SharesTable::listByOwner(const QString &ownerUserId, int limit)
{
    QSqlQuery *select = m_connection.statement(u"select_shares_by_owner"_s);
    if (!select)
        return std::nullopt;
    select->bindValue(u":owner_user_id"_s, ownerUserId);
    select->bindValue(u":limit"_s, limit);
    if (!m_connection.exec(*select, u"select_shares_by_owner"_s))
        return std::nullopt;
    ShareListResult result{ShareListResult::Status::Found, {}, {}};
    while (select->next()) {
        ShareRecord share;
        share.token = select->value(0).toString();
        share.metadata.ownerUserId = ownerUserId;
        share.metadata.resultId = select->value(1).toString();
        share.metadata.title = select->value(2).toString();
        if (!select->isNull(3))
            share.metadata.description = select->value(3).toString();
        share.metadata.accessPolicy = policyFromJson(select->value(4).toString(), ownerUserId);
        share.metadata.createdAt =
            QDateTime::fromMSecsSinceEpoch(select->value(5).toLongLong(), Qt::UTC);
        result.shares.append(share);
    }
    select->finish();
    return result;
}

std::optional<RevokeResult> SharesTable::revokeAsAdmin(const QString &token,
                                                       const QDateTime &revokedAt)
{
    QSqlQuery *revoke = m_connection.statement(u"revoke_share_as_admin"_s);
    if (!revoke)
        return std::nullopt;
    revoke->bindValue(u":revoked_at_ms"_s, revokedAt.toMSecsSinceEpoch());
    revoke->bindValue(u":token"_s, token);
    if (!m_connection.exec(*revoke, u"revoke_share_as_admin"_s))
        return std::nullopt;
    return RevokeResult{revoke->numRowsAffected() == 1 ? RevokeResult::Status::Revoked
                                                       : RevokeResult::Status::NotFound,
                        {}};
}

std::optional<SharePageResult> SharesTable::page(const std::optional<ShareCursor> &after, int limit)
{
    // The queries return a sort key after the share's columns: created_at in the engine's own
    // precision, which the next page's cursor binds back unchanged.
    const QString name = after ? u"select_shares_before"_s : u"select_shares_newest"_s;
    QSqlQuery *select = m_connection.statement(name);
    if (!select)
        return std::nullopt;
    if (after) {
        select->bindValue(u":sort_key"_s, after->sortKey);
        select->bindValue(u":token"_s, after->token);
    }
    // One row more than asked tells whether another page follows.
    select->bindValue(u":limit"_s, limit + 1);
    if (!m_connection.exec(*select, name))
        return std::nullopt;
    SharePageResult result{SharePageResult::Status::Found, {}, std::nullopt, {}};
    qint64 lastSortKey = 0;
    while (select->next()) {
        if (result.shares.size() == limit) {
            result.nextCursor = ShareCursor{lastSortKey, result.shares.last().token};
            break;
        }
        result.shares.append(shareFromRow(select->value(0).toString(), *select, 1));
        lastSortKey = select->value(8).toLongLong();
    }
    select->finish();
    return result;
}

std::optional<SharesTable::TokenState> SharesTable::tokenState(const QString &token)
{
    QSqlQuery *select = m_connection.statement(u"select_share_state"_s);
    if (!select)
        return std::nullopt;
    select->bindValue(u":token"_s, token);
    if (!m_connection.exec(*select, u"select_share_state"_s))
        return std::nullopt;
    TokenState state;
    if (select->next()) {
        state.exists = true;
        state.ownerUserId = select->value(0).toString();
        state.revoked = select->value(1).toBool();
    }
    select->finish();
    return state;
}

} // namespace ddalab
