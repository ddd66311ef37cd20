#pragma once

#include "support/HttpTestClient.h"

#include <QJsonObject>
#include <QSet>
#include <QStringList>
#include <QUrl>
#include <QWebSocket>

#include <optional>

// The three shipped generations of the DDALAB desktop's sync code (see
// /work/shared/docs/desktop-client.md), by the source commit each was read from.
enum class DesktopGeneration {
    First = 1,  // 821a3b5e: no login, publishes result_id, pairs by result_id == token
    Second = 2, // bc419b7c: logs in, publishes content_id, pairs by content_id == token
    Third = 3,  // 13c2ac72: as 2, pairs by the download_url's last segment, content_id, or the
                // only pending request
};

// One desktop of a generation, doing what that generation's sync client does, step for step:
// sync_connect (the HTTP login of generations 2 and 3, the WebSocket, register_user and the
// first heartbeat, nothing waited for), share_result, access_share, revoke_share and disconnect.
// Every text frame is read the way the generation's serde types read it, strictly: a frame
// whose fields are missing or of another JSON type is "Failed to parse broker message" and
// skipped, as the desktop skips it, and the test then sees it in parseFailures().
class SimulatedDesktop
{
public:
    // What came of an access_share.
    struct Opening
    {
        enum class Outcome {
            Opened,         // a share_info paired with the request: the desktop shows the share
            UnknownRequest, // a share_info came that this generation could not pair: dropped
            BrokerError,    // an error came (logged; the desktop times out)
            Skipped,        // a frame came that the desktop's parser refused
            NoReply,        // nothing came
        };
        Outcome outcome = Outcome::NoReply;
        QJsonObject info;   // the share_info's info, as received (Opened, UnknownRequest)
        QString errorCode;  // BrokerError
        QString pairedWith; // Opened: the pending request it paired with
    };

    SimulatedDesktop(DesktopGeneration generation, QString userId, QString endpoint);

    DesktopGeneration generation() const { return m_generation; }
    bool logsIn() const { return m_generation != DesktopGeneration::First; }
    // The HTTP base a later desktop derives from the broker's WebSocket URL: ws:// becomes
    // http://, wss:// https://, and trailing "/ws" are cut.
    static QString httpBase(const QUrl &brokerUrl);

    // sync_connect: generations 2 and 3 POST /auth/login first ("" when the user gave no
    // password) and stop on anything but a 2xx, with the text the desktop shows in error; then
    // the WebSocket, register_user (with the session's token) and a heartbeat, without waiting
    // for any ack. True once the socket is open and the two messages are sent.
    bool connect(const QUrl &brokerUrl, const std::optional<QString> &password, QString *error);
    // The login's answer (generations 2 and 3).
    const HttpTestReply &loginReply() const { return m_loginReply; }
    const QString &sessionToken() const { return m_sessionToken; }
    quint64 sessionExpiresIn() const { return m_sessionExpiresIn; }

    // share_result: a fresh token, publish_share with the generation's metadata, the link at
    // once ("ddalab://share/TOKEN").
    QString shareResult(const QString &resultId, const QString &title,
                        const QJsonValue &description, const QJsonObject &accessPolicy);
    // The metadata the last shareResult published.
    const QJsonObject &lastPublished() const { return m_lastPublished; }
    // access_share: request_share with the token pending; returns once the broker's reply to it
    // has been handled as the generation handles it (the desktop would wait 10 s more for a
    // pairing that cannot come; a pending request it gave up on stays pending, as in the
    // desktop's map).
    Opening accessShare(const QString &token);
    void revokeShare(const QString &token);
    void disconnect();
    // The laptop lid closes: the connection drops without a disconnect or a close frame.
    void vanish();

    // Generations 2 and 3: false after an AUTH_FAILED or AUTH_REQUIRED (they stop reading) or
    // when the broker closed the connection.
    bool isConnected() const { return m_connected; }
    bool waitForClosedByBroker(int timeoutMs);
    QWebSocketProtocol::CloseCode closeCode() const { return m_socket.closeCode(); }
    QString closeReason() const { return m_socket.closeReason(); }
    // Waits until the broker answered everything sent so far (every message gets one reply).
    bool waitForReplies(int timeoutMs = 10000);
    // The codes of the error frames received, in order.
    const QStringList &brokerErrors() const { return m_brokerErrors; }
    // What the desktop's parser refused, with the reason.
    const QStringList &parseFailures() const { return m_parseFailures; }
    // Requests still in the desktop's pending map.
    QStringList pendingRequests() const { return m_pending.values(); }

private:
    bool login(const QUrl &brokerUrl, const std::optional<QString> &password, QString *error);
    void send(const QJsonObject &message);
    void receive(const QString &text);
    // The frame as the generation's SyncMessage reads it; false with the reason otherwise.
    bool parseFrame(const QJsonObject &frame, QString *reason) const;
    bool parseMetadata(const QJsonObject &metadata, QString *reason) const;
    // The pending token a parsed share_info pairs with, or empty (generation's rule).
    QString pairedToken(const QJsonObject &info) const;

    DesktopGeneration m_generation;
    QString m_userId;
    QString m_endpoint;
    HttpTestClient m_http;
    HttpTestReply m_loginReply;
    QString m_sessionToken;
    quint64 m_sessionExpiresIn = 0;
    QWebSocket m_socket;
    bool m_connected = false;
    bool m_reading = false;
    QJsonObject m_lastPublished;

    int m_sent = 0;     // messages sent on this connection
    int m_received = 0; // frames received (read or not)
    // The desktop's pending_requests.
    QSet<QString> m_pending;
    QList<Opening> m_handled; // per frame received, how it was handled
    QStringList m_brokerErrors;
    QStringList m_parseFailures;
};
