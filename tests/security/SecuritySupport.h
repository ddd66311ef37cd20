#pragma once

#include "DaemonProcess.h"
#include "WsTestClient.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <jwt.h>

#include <cstdlib>
#include <memory>

// What the security suites share: protocol frames written field by field (as the shipped
// desktop client writes them, not through the daemon's own codec), test tokens signed here with
// libjwt, keys and certificates made with the openssl command, and plain HTTP probes.
namespace sec {

using namespace Qt::StringLiterals;

using Headers = QList<QPair<QByteArray, QByteArray>>;

// ---- protocol frames -------------------------------------------------------------------------

inline QJsonObject registerUser(const QString &userId, const QString &endpoint)
{
    return {{"type"_L1, "register_user"_L1}, {"user_id"_L1, userId}, {"endpoint"_L1, endpoint}};
}

inline QJsonObject heartbeat(const QString &userId)
{
    return {{"type"_L1, "heartbeat"_L1}, {"user_id"_L1, userId}};
}

inline QJsonObject disconnect(const QString &userId)
{
    return {{"type"_L1, "disconnect"_L1}, {"user_id"_L1, userId}};
}

inline QJsonObject publicPolicy()
{
    return {{"type"_L1, "public"_L1}};
}

inline QJsonObject usersPolicy(const QStringList &userIds)
{
    return {{"type"_L1, "users"_L1}, {"user_ids"_L1, QJsonArray::fromStringList(userIds)}};
}

inline QJsonObject metadata(const QString &owner, const QString &resultId, const QString &title,
                            const QJsonObject &policy = publicPolicy())
{
    return {{"owner_user_id"_L1, owner},
            {"result_id"_L1, resultId},
            {"title"_L1, title},
            {"description"_L1, QJsonValue::Null},
            {"created_at"_L1, u"2025-10-03T12:00:00.123456789Z"_s},
            {"access_policy"_L1, policy}};
}

inline QJsonObject publishShare(const QString &token, const QJsonObject &metadata)
{
    return {{"type"_L1, "publish_share"_L1}, {"token"_L1, token}, {"metadata"_L1, metadata}};
}

inline QJsonObject requestShare(const QString &token, const QString &requesterId)
{
    return {{"type"_L1, "request_share"_L1}, {"token"_L1, token}, {"requester_id"_L1, requesterId}};
}

inline QJsonObject revokeShare(const QString &token)
{
    return {{"type"_L1, "revoke_share"_L1}, {"token"_L1, token}};
}

inline QJsonObject authenticate(const QByteArray &accessToken)
{
    return {{"type"_L1, "authenticate"_L1}, {"access_token"_L1, QString::fromLatin1(accessToken)}};
}

// A share token as the desktop client makes them: 16 random bytes, unpadded base64url.
inline QString newShareToken()
{
    QByteArray bytes(16, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 4);
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

inline QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

inline QJsonObject roundTrip(WsTestClient &client, const QJsonObject &message)
{
    client.sendJson(message);
    return client.next();
}

// The next frame, or an empty object as soon as the connection is closed (or on timeout).
inline QJsonObject nextUnlessClosed(WsTestClient &client, int timeoutMs = 10000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (client.unreadCount() == 0 &&
           client.socket().state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired())
        QTest::qWait(5);
    return client.unreadCount() > 0 ? client.next(0) : QJsonObject();
}

inline bool isAck(const QJsonObject &reply)
{
    return reply.value("type"_L1) == "ack"_L1;
}

// The error code of an error reply, or what came instead (readable in a failed QCOMPARE).
inline QString errorCode(const QJsonObject &reply)
{
    if (reply.value("type"_L1) != "error"_L1)
        return u"<not an error: %1>"_s.arg(QString::fromUtf8(compact(reply)));
    return reply.value("code"_L1).toString();
}

// "ack", or the whole reply (readable in a failed QCOMPARE).
inline QString ackOrReply(const QJsonObject &reply)
{
    return isAck(reply) ? u"ack"_s : QString::fromUtf8(compact(reply));
}

inline QJsonObject shareInfo(const QJsonObject &reply)
{
    return reply.value("type"_L1) == "share_info"_L1 ? reply.value("info"_L1).toObject()
                                                     : QJsonObject();
}

// ---- daemon ---------------------------------------------------------------------------------

// Starts the daemon on an SQLite database in dir; false with the reason.
inline bool startDaemon(DaemonProcess &daemon, const QTemporaryDir &dir, QString *error)
{
    if (!dir.isValid()) {
        *error = u"no temporary folder: "_s + dir.errorString();
        return false;
    }
    daemon.setEnv(u"DATA_DIR"_s, dir.path());
    daemon.setEnv(u"DATABASE_URL"_s, u"sqlite://"_s + dir.path() + u"/broker.db"_s);
    return daemon.start(error);
}

inline bool openRegistered(WsTestClient &client, const QUrl &url, const Headers &headers,
                           const QString &userId, const QString &endpoint, QString *error)
{
    if (!client.open(url, headers)) {
        *error = u"cannot open %1: %2"_s.arg(url.toString(QUrl::RemoveQuery),
                                             client.socket().errorString());
        return false;
    }
    const QJsonObject reply = roundTrip(client, registerUser(userId, endpoint));
    if (!isAck(reply)) {
        *error = u"register_user as %1 was answered with %2"_s.arg(
            userId, QString::fromUtf8(compact(reply)));
        return false;
    }
    return true;
}

// Names the secrets of which any 16 characters in a row (all of it, if shorter) turn up in a
// daemon's output: a log line must not carry even a fragment of a credential.
inline QStringList leakedSecrets(const QString &output, const QStringList &secrets)
{
    constexpr qsizetype kWindow = 16;
    QSet<QStringView> windows;
    for (qsizetype i = 0; i + kWindow <= output.size(); ++i)
        windows.insert(QStringView(output).mid(i, kWindow));
    QStringList leaked;
    for (const QString &secret : secrets) {
        bool found = secret.size() < kWindow && !secret.isEmpty() && output.contains(secret);
        for (qsizetype i = 0; !found && i + kWindow <= secret.size(); ++i)
            found = windows.contains(QStringView(secret).mid(i, kWindow));
        if (found)
            leaked.append(secret.left(12) + u"..."_s);
    }
    return leaked;
}

// ---- JSON Web Tokens --------------------------------------------------------------------------

inline qint64 nowSeconds()
{
    return QDateTime::currentSecsSinceEpoch();
}

// The claims of an ordinary token for user: sub, iat and exp an hour ahead.
inline QJsonObject claimsFor(const QString &user, qint64 expiresIn = 3600)
{
    return {{"sub"_L1, user}, {"iat"_L1, nowSeconds()}, {"exp"_L1, nowSeconds() + expiresIn}};
}

// Signs claims with libjwt; key is the HMAC secret or the PEM private key. Strings and whole
// numbers go in as jwt_add_grant / jwt_add_grant_int, arrays and objects as JSON.
inline QByteArray signJwt(const QJsonObject &claims, jwt_alg_t alg, const QByteArray &key)
{
    jwt_t *raw = nullptr;
    if (jwt_new(&raw) != 0)
        return {};
    const std::unique_ptr<jwt_t, void (*)(jwt_t *)> jwt(raw, jwt_free);
    for (auto it = claims.begin(); it != claims.end(); ++it) {
        const QByteArray name = it.key().toUtf8();
        int failed = 0;
        if (it.value().isString())
            failed = jwt_add_grant(jwt.get(), name.constData(),
                                   it.value().toString().toUtf8().constData());
        else if (it.value().isDouble())
            failed = jwt_add_grant_int(jwt.get(), name.constData(), long(it.value().toInteger()));
        else
            failed = jwt_add_grants_json(jwt.get(),
                                         compact(QJsonObject{{it.key(), it.value()}}).constData());
        if (failed)
            return {};
    }
    if (jwt_set_alg(jwt.get(), alg, reinterpret_cast<const unsigned char *>(key.constData()),
                    int(key.size())) != 0)
        return {};
    char *encoded = jwt_encode_str(jwt.get());
    if (!encoded)
        return {};
    const QByteArray token(encoded);
    free(encoded); // libjwt 1.10 has no jwt_free_str
    return token;
}

inline QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// A token with {"alg":"none"}, the claims and an empty signature, written by hand.
inline QByteArray unsignedJwt(const QJsonObject &claims)
{
    return base64Url(R"({"alg":"none","typ":"JWT"})") + '.' + base64Url(compact(claims)) + '.';
}

inline Headers bearer(const QByteArray &credential)
{
    return {{"Authorization", "Bearer " + credential}};
}

// url with ?access_token=credential.
inline QUrl withAccessToken(QUrl url, const QByteArray &credential)
{
    url.setQuery(u"access_token="_s +
                 QString::fromLatin1(QUrl::toPercentEncoding(QString::fromLatin1(credential))));
    return url;
}

// ---- openssl ----------------------------------------------------------------------------------

inline bool runOpenssl(const QStringList &arguments, QString *error)
{
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(u"openssl"_s, arguments);
    if (!openssl.waitForFinished(60000) || openssl.exitStatus() != QProcess::NormalExit ||
        openssl.exitCode() != 0) {
        *error = u"openssl %1 failed: %2 %3"_s.arg(arguments.join(u' '), openssl.errorString(),
                                                   QString::fromUtf8(openssl.readAll()));
        return false;
    }
    return true;
}

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A key pair in dir: "rsa" (2048 bits) or "ec" (P-256). Files NAME-private.pem, NAME-public.pem.
inline bool makeKeyPair(const QTemporaryDir &dir, const QString &kind, QString *privatePath,
                        QString *publicPath, QString *error)
{
    *privatePath = dir.filePath(kind + u"-private.pem"_s);
    *publicPath = dir.filePath(kind + u"-public.pem"_s);
    const bool rsa = kind == "rsa"_L1;
    const QString algorithm = rsa ? u"RSA"_s : u"EC"_s;
    const QString option = rsa ? u"rsa_keygen_bits:2048"_s : u"ec_paramgen_curve:P-256"_s;
    return runOpenssl({u"genpkey"_s, u"-algorithm"_s, algorithm, u"-pkeyopt"_s, option, u"-out"_s,
                       *privatePath},
                      error) &&
           runOpenssl({u"pkey"_s, u"-in"_s, *privatePath, u"-pubout"_s, u"-out"_s, *publicPath},
                      error);
}

// A self-signed certificate for CN=localhost (also valid for 127.0.0.1) and its key in dir.
inline bool makeSelfSignedCertificate(const QTemporaryDir &dir, QString *certPath, QString *keyPath,
                                      QString *error)
{
    *certPath = dir.filePath(u"tls-cert.pem"_s);
    *keyPath = dir.filePath(u"tls-key.pem"_s);
    return runOpenssl({u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s,
                       *keyPath, u"-out"_s, *certPath, u"-days"_s, u"2"_s, u"-subj"_s,
                       u"/CN=localhost"_s, u"-addext"_s,
                       u"subjectAltName=DNS:localhost,IP:127.0.0.1"_s},
                      error);
}

// ---- HTTP -------------------------------------------------------------------------------------

struct HttpReply
{
    int status = 0; // 0: no HTTP answer
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QList<QNetworkReply::RawHeaderPair> headers;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
};

inline HttpReply httpGet(const QUrl &url, const Headers &headers = {},
                         const std::optional<QSslConfiguration> &tls = std::nullopt)
{
    // A manager per request: no connection (and no TLS session) is reused between probes.
    QNetworkAccessManager manager;
    QNetworkRequest request(url);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    if (tls)
        request.setSslConfiguration(*tls);
    std::unique_ptr<QNetworkReply> reply(manager.get(request));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    HttpReply result;
    if (!reply->isFinished() && !finished.wait(10000)) {
        result.error = QNetworkReply::TimeoutError;
        return result;
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.error = reply->error();
    result.headers = reply->rawHeaderPairs();
    return result;
}

// Writes a WebSocket upgrade request by hand and returns what the daemon answers: up to the end
// of the headers of a 101, else everything until it closes the connection (at most 5 s).
inline QByteArray rawUpgrade(quint16 port, const QByteArray &target = "/ws",
                             const QByteArray &extraHeaders = {})
{
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, port);
    if (!socket.waitForConnected(5000))
        return {};
    socket.write("GET " + target +
                 " HTTP/1.1\r\n"
                 "Host: 127.0.0.1:" +
                 QByteArray::number(port) +
                 "\r\n"
                 "Upgrade: websocket\r\n"
                 "Connection: Upgrade\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                 "Sec-WebSocket-Version: 13\r\n" +
                 extraHeaders + "\r\n");
    QByteArray answer;
    QDeadlineTimer deadline(5000);
    while (!deadline.hasExpired()) {
        if (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0)
            break;
        if (socket.bytesAvailable() > 0 || socket.waitForReadyRead(50))
            answer += socket.readAll();
        if (answer.startsWith("HTTP/1.1 101 ") && answer.contains("\r\n\r\n"))
            break;
    }
    return answer;
}

inline QByteArray statusLine(const QByteArray &answer)
{
    return answer.left(answer.indexOf("\r\n"));
}

// Whether an answer switched protocols anywhere (a 101 status line, first or later).
inline bool switchedProtocols(const QByteArray &answer)
{
    return answer.startsWith("HTTP/1.1 101") || answer.contains("\nHTTP/1.1 101");
}

} // namespace sec

#define SEC_START_DAEMON(daemon, dir)                                                              \
    do {                                                                                           \
        QString secStartError;                                                                     \
        if (!sec::startDaemon(daemon, dir, &secStartError))                                        \
            QFAIL(qPrintable(secStartError));                                                      \
    } while (false)

#define SEC_OPEN_REGISTERED(client, url, headers, user, endpoint)                                  \
    do {                                                                                           \
        QString secOpenError;                                                                      \
        if (!sec::openRegistered(client, url, headers, user, endpoint, &secOpenError))             \
            QFAIL(qPrintable(secOpenError));                                                       \
    } while (false)
