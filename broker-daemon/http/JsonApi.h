#pragma once

#include "domain/AuditEntry.h"
#include "protocol/ErrorCode.h"

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QRegularExpressionMatch>

#include <optional>

class QTcpSocket;

namespace ddalab {

class Authenticator;
class HttpServer;

// Who sent an API request, as its bearer credential proves it: the admin credential
// (BROKER_ADMIN_TOKEN or an admin JWT) and/or the user of a JWT or login session.
struct ApiCaller
{
    bool admin = false;
    std::optional<QString> userId;
    QString address; // where the request came from

    bool is(const QString &user) const { return userId && *userId == user; }
    // Who an admin caller is, for the log: never the credential itself.
    QString adminName() const;
    // Who acts, for the audit trail: the proven user, "admin" for the admin token, and the
    // address.
    AuditActor auditActor() const;
};

// What the JSON resources of the API (teams, members, backups) have in common: they all need a
// credential, read JSON bodies and ids from their paths, and answer errors as
// protocol::http::errorBody. Helpers that answer a refusal themselves return nullopt.
class JsonApi
{
public:
    using Status = QHttpServerResponse::StatusCode;

    JsonApi(HttpServer &http, const Authenticator &authenticator);

    HttpServer &http() const { return m_http; }

    // The caller, or nullopt after answering 401 (no credential, or one that proves nobody).
    std::optional<ApiCaller> caller(const QHttpServerRequest &request, QTcpSocket *socket) const;
    // An admin caller, or nullopt after answering 401 or 403.
    std::optional<ApiCaller> admin(const QHttpServerRequest &request, QTcpSocket *socket) const;
    // The body as a JSON object, or nullopt after answering 400.
    std::optional<QJsonObject> jsonBody(const QHttpServerRequest &request,
                                        QTcpSocket *socket) const;
    // Path group `group` percent-decoded, if it is a valid user id (teamId: team id); else
    // nullopt after answering 400.
    std::optional<QString> userIdInPath(const QRegularExpressionMatch &match, int group,
                                        const QHttpServerRequest &request,
                                        QTcpSocket *socket) const;
    std::optional<QString> teamIdInPath(const QRegularExpressionMatch &match, int group,
                                        const QHttpServerRequest &request,
                                        QTcpSocket *socket) const;

    void respond(const QHttpServerRequest &request, QTcpSocket *socket,
                 QHttpServerResponse &&response) const;
    void refuse(const QHttpServerRequest &request, QTcpSocket *socket, Status status,
                protocol::ErrorCode code, const QString &message) const;

    static QHttpServerResponse error(Status status, protocol::ErrorCode code,
                                     const QString &message);
    static QHttpServerResponse storageError();
    static QHttpServerResponse forbidden(const QString &message);

private:
    HttpServer &m_http;
    const Authenticator &m_authenticator;
};

} // namespace ddalab
