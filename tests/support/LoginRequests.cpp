#include "support/LoginRequests.h"

#include "support/Credentials.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace logins {

QString defaultEndpoint()
{
    return u"http://192.168.1.50:3001"_s;
}

HttpTestReply login(HttpTestClient &client, const QString &userId, const QString &password,
                    const QString &endpoint)
{
    return sendJson(client, "POST", u"/auth/login"_s,
                    {{"user_id"_L1, userId}, {"password"_L1, password}, {"endpoint"_L1, endpoint}},
                    {});
}

QByteArray sessionToken(const HttpTestReply &reply)
{
    if (reply.status != 200)
        return {};
    return reply.json().value("session_token"_L1).toString().toLatin1();
}

HttpTestReply sessionStatus(HttpTestClient &client, const QByteArray &token)
{
    return client.get(u"/auth/session"_s, token.isEmpty() ? RequestHeaders{} : bearer(token));
}

HttpTestReply logout(HttpTestClient &client, const QByteArray &token)
{
    return client.send("POST", u"/auth/logout"_s, {},
                       token.isEmpty() ? RequestHeaders{} : bearer(token));
}

HttpTestReply addAccount(HttpTestClient &client, const QByteArray &adminToken,
                         const QString &userId, const QString &password)
{
    return sendJson(client, "POST", u"/api/admin/users"_s,
                    {{"user_id"_L1, userId}, {"password"_L1, password}}, adminToken);
}

HttpTestReply sendJson(HttpTestClient &client, const QByteArray &method, const QString &path,
                       const QJsonObject &body, const QByteArray &credential)
{
    RequestHeaders headers{{"Content-Type", "application/json"}};
    if (!credential.isEmpty())
        headers.append(bearer(credential));
    return client.send(method, path, QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
}

QString outcome(const HttpTestReply &reply)
{
    const QString code = reply.json().value("code"_L1).toString();
    return code.isEmpty() ? QString::number(reply.status) : u"%1 %2"_s.arg(reply.status).arg(code);
}

QString describe(const HttpTestReply &reply)
{
    return u"%1 %2"_s.arg(reply.status).arg(QString::fromUtf8(reply.body.left(400)));
}

} // namespace logins
