#include "support/SimulatedDesktop.h"

#include "support/DesktopExpectations.h"
#include "support/DesktopFrames.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

// serde's Option<String>: absent, null or a string.
bool isOptionalString(const QJsonValue &value)
{
    return value.isUndefined() || value.isNull() || value.isString();
}

// An unsigned integer of at most `max` (serde's u32, u64).
bool isUnsigned(const QJsonValue &value, double max)
{
    if (!value.isDouble())
        return false;
    const double number = value.toDouble();
    return number >= 0 && number <= max && std::floor(number) == number;
}

// chrono's DateTime<Utc> as the desktops read it.
bool isTime(const QJsonValue &value)
{
    return value.isString() && wire::isClientRfc3339(value.toString());
}

bool isAccessPolicy(const QJsonValue &value)
{
    const QJsonObject policy = value.toObject();
    const QString type = policy.value("type"_L1).toString();
    if (type == "public"_L1)
        return true;
    if (type == "team"_L1)
        return policy.value("team_id"_L1).isString();
    if (type == "users"_L1) {
        if (!policy.value("user_ids"_L1).isArray())
            return false;
        const QJsonArray ids = policy.value("user_ids"_L1).toArray();
        return std::all_of(ids.begin(), ids.end(),
                           [](const QJsonValue &id) { return id.isString(); });
    }
    return false;
}

// A #[serde(default)] enum field: absent, or one of its variants.
bool isOptionalVariant(const QJsonValue &value, const QStringList &variants)
{
    return value.isUndefined() || (value.isString() && variants.contains(value.toString()));
}

} // namespace

SimulatedDesktop::SimulatedDesktop(DesktopGeneration generation, QString userId, QString endpoint)
    : m_generation(generation), m_userId(std::move(userId)), m_endpoint(std::move(endpoint))
{
    QObject::connect(&m_socket, &QWebSocket::textMessageReceived, &m_socket,
                     [this](const QString &text) { receive(text); });
    QObject::connect(&m_socket, &QWebSocket::disconnected, &m_socket,
                     [this] { m_connected = false; });
}

QString SimulatedDesktop::httpBase(const QUrl &brokerUrl)
{
    QString base = brokerUrl.toString();
    base.replace("ws://"_L1, "http://"_L1).replace("wss://"_L1, "https://"_L1);
    // Rust's trim_end_matches: every trailing "/ws".
    while (base.endsWith("/ws"_L1))
        base.chop(3);
    return base;
}

bool SimulatedDesktop::login(const QUrl &brokerUrl, const std::optional<QString> &password,
                             QString *error)
{
    const QJsonObject body{{"user_id"_L1, m_userId},
                           {"password"_L1, password.value_or(QString())},
                           {"endpoint"_L1, m_endpoint}};
    m_loginReply = m_http.sendTo("POST", QUrl(httpBase(brokerUrl) + u"/auth/login"_s),
                                 wire::compact(body), {{"Content-Type", "application/json"}});
    if (m_loginReply.status == 0) {
        *error = u"Failed to connect to server"_s;
        return false;
    }
    if (m_loginReply.status < 200 || m_loginReply.status > 299) {
        const QString text = QString::fromUtf8(m_loginReply.body);
        *error = text.contains("Invalid password"_L1) && !password
                     ? u"Server requires authentication. Please provide a password."_s
                     : u"Authentication failed: "_s + text;
        return false;
    }
    // LoginResponse { session_token: String, user_id: String, expires_in_seconds: u64 }
    const QJsonDocument document = QJsonDocument::fromJson(m_loginReply.body);
    const QJsonObject answer = document.object();
    if (!document.isObject() || !answer.value("session_token"_L1).isString() ||
        !answer.value("user_id"_L1).isString() ||
        !isUnsigned(answer.value("expires_in_seconds"_L1), 18446744073709551615.0)) {
        *error = u"Failed to parse login response: "_s + QString::fromUtf8(m_loginReply.body);
        return false;
    }
    m_sessionToken = answer.value("session_token"_L1).toString();
    m_sessionExpiresIn = quint64(answer.value("expires_in_seconds"_L1).toDouble());
    return true;
}

bool SimulatedDesktop::connect(const QUrl &brokerUrl, const std::optional<QString> &password,
                               QString *error)
{
    if (logsIn() && !login(brokerUrl, password, error))
        return false;

    // No credentials on the upgrade: no header, no query, no subprotocol.
    QSignalSpy opened(&m_socket, &QWebSocket::connected);
    QSignalSpy closed(&m_socket, &QWebSocket::disconnected);
    m_socket.open(QNetworkRequest(brokerUrl));
    (void)QTest::qWaitFor([&] { return !opened.isEmpty() || !closed.isEmpty(); }, 10000);
    if (opened.isEmpty()) {
        *error = u"Failed to connect to broker: "_s + m_socket.errorString();
        return false;
    }
    m_connected = true;
    m_reading = true;
    m_sent = 0;
    m_received = 0;
    m_handled.clear();
    send(logsIn() ? wire::registerUser(m_userId, m_endpoint, m_sessionToken)
                  : wire::registerUser(m_userId, m_endpoint));
    // tokio's interval ticks at once: the first heartbeat goes right behind the registration.
    send(wire::heartbeat(m_userId));
    return true;
}

QString SimulatedDesktop::shareResult(const QString &resultId, const QString &title,
                                      const QJsonValue &description,
                                      const QJsonObject &accessPolicy)
{
    const QString token = wire::newToken();
    // Utc::now() as chrono writes it: nanoseconds and Z.
    const QString createdAt =
        QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).chopped(1) + u"123456Z"_s;
    if (m_generation == DesktopGeneration::First) {
        m_lastPublished =
            wire::metadata(m_userId, resultId, title, accessPolicy, description, createdAt);
    } else {
        m_lastPublished = {{"owner_user_id"_L1, m_userId},
                           {"content_type"_L1, "dda_result"_L1},
                           {"content_id"_L1, resultId},
                           {"title"_L1, title},
                           {"description"_L1, description},
                           {"created_at"_L1, createdAt},
                           {"access_policy"_L1, accessPolicy},
                           {"classification"_L1, "unclassified"_L1},
                           {"download_count"_L1, 0}};
    }
    send(wire::publishShare(token, m_lastPublished));
    return u"ddalab://share/"_s + token;
}

SimulatedDesktop::Opening SimulatedDesktop::accessShare(const QString &token)
{
    m_pending.insert(token);
    const int replyIndex = m_sent;
    send(wire::requestShare(token, m_userId));
    if (!QTest::qWaitFor([&] { return m_received > replyIndex; }, 10000))
        return {};
    return m_handled.value(replyIndex);
}

void SimulatedDesktop::revokeShare(const QString &token)
{
    send(wire::revokeShare(token));
}

void SimulatedDesktop::disconnect()
{
    send(wire::disconnect(m_userId));
}

void SimulatedDesktop::vanish()
{
    m_socket.abort();
    m_connected = false;
}

bool SimulatedDesktop::waitForClosedByBroker(int timeoutMs)
{
    return QTest::qWaitFor([&] { return m_socket.state() == QAbstractSocket::UnconnectedState; },
                           timeoutMs);
}

bool SimulatedDesktop::waitForReplies(int timeoutMs)
{
    return QTest::qWaitFor([&] { return m_received >= m_sent; }, timeoutMs);
}

void SimulatedDesktop::send(const QJsonObject &message)
{
    m_socket.sendTextMessage(QString::fromUtf8(wire::compact(message)));
    ++m_sent;
}

void SimulatedDesktop::receive(const QString &text)
{
    ++m_received;
    Opening handled;
    handled.outcome = Opening::Outcome::Skipped;
    if (!m_reading) {
        // Generations 2 and 3 stopped reading after an authentication error.
        m_handled.append(handled);
        return;
    }
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    const QJsonObject frame = document.object();
    QString reason;
    if (!document.isObject() || !parseFrame(frame, &reason)) {
        m_parseFailures.append(u"Failed to parse broker message: %1 in %2"_s.arg(reason, text));
        m_handled.append(handled);
        return;
    }
    const QString type = frame.value("type"_L1).toString();
    if (type == "error"_L1) {
        const QString code = frame.value("code"_L1).toString();
        m_brokerErrors.append(code);
        handled.outcome = Opening::Outcome::BrokerError;
        handled.errorCode = code;
        if (m_generation != DesktopGeneration::First &&
            (code == "AUTH_FAILED"_L1 || code == "AUTH_REQUIRED"_L1)) {
            // "Authentication failed - disconnecting": the read task ends.
            m_connected = false;
            m_reading = false;
        }
    } else if (type == "share_info"_L1) {
        const QJsonObject info = frame.value("info"_L1).toObject();
        handled.info = info;
        const QString token = pairedToken(info);
        if (!token.isEmpty() && m_pending.remove(token)) {
            handled.outcome = Opening::Outcome::Opened;
            handled.pairedWith = token;
        } else {
            // "Received share info for unknown request"
            handled.outcome = Opening::Outcome::UnknownRequest;
        }
    } else {
        handled.outcome = Opening::Outcome::NoReply; // an ack
    }
    m_handled.append(handled);
}

QString SimulatedDesktop::pairedToken(const QJsonObject &info) const
{
    const QJsonObject metadata = info.value("metadata"_L1).toObject();
    switch (m_generation) {
    case DesktopGeneration::First:
        return metadata.value("result_id"_L1).toString();
    case DesktopGeneration::Second:
        return metadata.value("content_id"_L1).toString();
    case DesktopGeneration::Third: {
        // url.rsplit('/').next(), if not empty; else content_id if pending; else the only
        // pending request.
        const QString url = info.value("download_url"_L1).toString();
        const QString fromUrl = url.mid(url.lastIndexOf(u'/') + 1);
        if (!fromUrl.isEmpty())
            return fromUrl;
        const QString contentId = metadata.value("content_id"_L1).toString();
        if (m_pending.contains(contentId))
            return contentId;
        if (m_pending.size() == 1)
            return *m_pending.constBegin();
        return {};
    }
    }
    return {};
}

bool SimulatedDesktop::parseFrame(const QJsonObject &frame, QString *reason) const
{
    const QString type = frame.value("type"_L1).toString();
    if (type == "ack"_L1) {
        if (!isOptionalString(frame.value("message_id"_L1))) {
            *reason = u"ack.message_id is not a string or null"_s;
            return false;
        }
        return true;
    }
    if (type == "error"_L1) {
        if (!frame.value("message"_L1).isString() || !frame.value("code"_L1).isString()) {
            *reason = u"error needs message and code, both strings"_s;
            return false;
        }
        return true;
    }
    if (type == "share_info"_L1) {
        const QJsonValue info = frame.value("info"_L1);
        if (!info.isObject()) {
            *reason = u"share_info.info is not an object"_s;
            return false;
        }
        const QJsonObject fields = info.toObject();
        if (!fields.value("download_url"_L1).isString() ||
            !fields.value("owner_online"_L1).isBool()) {
            *reason = u"info needs download_url (string) and owner_online (bool)"_s;
            return false;
        }
        if (!fields.value("metadata"_L1).isObject()) {
            *reason = u"info.metadata is not an object"_s;
            return false;
        }
        return parseMetadata(fields.value("metadata"_L1).toObject(), reason);
    }
    *reason = u"unknown variant "_s + type;
    return false;
}

bool SimulatedDesktop::parseMetadata(const QJsonObject &metadata, QString *reason) const
{
    const QString id = m_generation == DesktopGeneration::First ? u"result_id"_s : u"content_id"_s;
    const auto fail = [reason](const QString &field) {
        *reason = u"metadata.%1 is missing or of the wrong type"_s.arg(field);
        return false;
    };
    if (!metadata.value("owner_user_id"_L1).isString())
        return fail(u"owner_user_id"_s);
    if (!metadata.value(id).isString())
        return fail(id);
    if (!metadata.value("title"_L1).isString())
        return fail(u"title"_s);
    if (!isOptionalString(metadata.value("description"_L1)))
        return fail(u"description"_s);
    if (!isTime(metadata.value("created_at"_L1)))
        return fail(u"created_at"_s);
    if (!isAccessPolicy(metadata.value("access_policy"_L1)))
        return fail(u"access_policy"_s);
    if (m_generation == DesktopGeneration::First)
        return true;
    if (!isOptionalVariant(metadata.value("content_type"_L1),
                           {u"dda_result"_s, u"annotation"_s, u"workflow"_s, u"parameter_set"_s,
                            u"data_segment"_s}))
        return fail(u"content_type"_s);
    if (!isOptionalVariant(metadata.value("classification"_L1),
                           {u"phi"_s, u"de_identified"_s, u"synthetic"_s, u"unclassified"_s}))
        return fail(u"classification"_s);
    const QJsonValue count = metadata.value("download_count"_L1);
    if (!count.isUndefined() && !isUnsigned(count, 4294967295.0))
        return fail(u"download_count"_s);
    const QJsonValue accessed = metadata.value("last_accessed_at"_L1);
    if (!accessed.isUndefined() && !accessed.isNull() && !isTime(accessed))
        return fail(u"last_accessed_at"_s);
    return true;
}
