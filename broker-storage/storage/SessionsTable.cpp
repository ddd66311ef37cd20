#include "SessionsTable.h"

#include "SqlConnection.h"

#include <QVariant>

namespace ddalab {

using namespace Qt::StringLiterals;

std::optional<LoginSessionWriteResult> SessionsTable::insert(const StoredLoginSession &stored)
{
    const LoginSession &session = stored.session;
    SqlStatement insert = m_connection.prepare(u"insert_session"_s);
    insert.bind(u":session_id"_s, session.sessionId);
    insert.bind(u":token_hash"_s, QString::fromLatin1(stored.tokenHash));
    insert.bind(u":user_id"_s, session.userId);
    insert.bind(u":created_at_ms"_s, session.createdAt.toMSecsSinceEpoch());
    insert.bind(u":expires_at_ms"_s, session.expiresAt.toMSecsSinceEpoch());
    insert.bind(u":client_address"_s, session.clientAddress);
    insert.bind(u":endpoint"_s, session.endpoint.isEmpty()
                                    ? QVariant(QMetaType::fromType<QString>())
                                    : QVariant(session.endpoint));
    if (!insert.exec())
        return std::nullopt;
    return LoginSessionWriteResult{LoginSessionWriteResult::Status::Written, {}};
}

std::optional<LoginSessionWriteResult> SessionsTable::revoke(const QString &sessionId,
                                                             const QDateTime &at)
{
    SqlStatement update = m_connection.prepare(u"revoke_session"_s);
    update.bind(u":revoked_at_ms"_s, at.toMSecsSinceEpoch());
    update.bind(u":session_id"_s, sessionId);
    if (!update.exec())
        return std::nullopt;
    return LoginSessionWriteResult{update.numRowsAffected() == 1
                                       ? LoginSessionWriteResult::Status::Written
                                       : LoginSessionWriteResult::Status::NotFound,
                                   {}};
}

std::optional<LoginSessionsResult> SessionsTable::live(const QDateTime &now)
{
    // select_live_sessions's columns.
    enum Column { SessionId, UserId, CreatedAtMs, ExpiresAtMs, ClientAddress, Endpoint, TokenHash };

    SqlStatement select = m_connection.prepare(u"select_live_sessions"_s);
    select.bind(u":now_ms"_s, now.toMSecsSinceEpoch());
    if (!select.exec())
        return std::nullopt;
    LoginSessionsResult result{LoginSessionsResult::Status::Found, {}, {}};
    while (select.next()) {
        StoredLoginSession stored;
        LoginSession &session = stored.session;
        session.sessionId = select.value(SessionId).toString();
        session.userId = select.value(UserId).toString();
        session.createdAt =
            QDateTime::fromMSecsSinceEpoch(select.value(CreatedAtMs).toLongLong(), Qt::UTC);
        session.expiresAt =
            QDateTime::fromMSecsSinceEpoch(select.value(ExpiresAtMs).toLongLong(), Qt::UTC);
        session.clientAddress = select.value(ClientAddress).toString();
        session.endpoint = select.value(Endpoint).toString();
        stored.tokenHash = select.value(TokenHash).toString().toLatin1();
        result.sessions.append(stored);
    }
    return result;
}

std::optional<LoginSessionWriteResult> SessionsTable::deleteOld(const QDateTime &before)
{
    SqlStatement remove = m_connection.prepare(u"delete_old_sessions"_s);
    remove.bind(u":before_ms"_s, before.toMSecsSinceEpoch());
    if (!remove.exec())
        return std::nullopt;
    return LoginSessionWriteResult{LoginSessionWriteResult::Status::Written, {}};
}

} // namespace ddalab
