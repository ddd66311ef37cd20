#pragma once

#include "support/HttpTestClient.h"

#include <QByteArray>
#include <QString>

// The login and account requests over HTTP as the later desktops and an administrator send
// them, written out by hand (like DesktopFrames), and short descriptions of their answers for
// QCOMPARE.
namespace logins {

// Where the desktops say their API server is, in every login of the suites.
QString defaultEndpoint();

// POST /auth/login {"user_id","password","endpoint"}.
HttpTestReply login(HttpTestClient &client, const QString &userId, const QString &password,
                    const QString &endpoint = defaultEndpoint());
// The session_token of a 200 login answer; empty for any other answer.
QByteArray sessionToken(const HttpTestReply &reply);
// GET /auth/session and POST /auth/logout with the token as bearer (none when empty).
HttpTestReply sessionStatus(HttpTestClient &client, const QByteArray &token);
HttpTestReply logout(HttpTestClient &client, const QByteArray &token);

// POST /api/admin/users {"user_id","password"} with the admin credential.
HttpTestReply addAccount(HttpTestClient &client, const QByteArray &adminToken,
                         const QString &userId, const QString &password);
// A JSON request with a bearer credential (none when empty).
HttpTestReply sendJson(HttpTestClient &client, const QByteArray &method, const QString &path,
                       const QJsonObject &body, const QByteArray &credential);

// "STATUS CODE" for an error answer (e.g. "401 AUTH_FAILED"), "STATUS" otherwise.
QString outcome(const HttpTestReply &reply);
// "STATUS BODY", for failure messages.
QString describe(const HttpTestReply &reply);

} // namespace logins
