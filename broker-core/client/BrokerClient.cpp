#include "BrokerClient.h"

#include "logging/LogCategories.h"
#include "protocol/MessageCodec.h"

#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QWebSocket>

namespace ddalab {

using namespace Qt::StringLiterals;
using namespace protocol;

namespace {
// A connection whose pings go unanswered this many intervals is taken for dead.
constexpr int kMissedPongs = 3;
} // namespace

BrokerClient::BrokerClient(QObject *parent) : QObject(parent)
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &BrokerClient::connectNow);
    m_pingTimer.setInterval(m_pingInterval);
    connect(&m_pingTimer, &QTimer::timeout, this, &BrokerClient::sendPing);
}

BrokerClient::~BrokerClient()
{
    // Leaving quietly: no signals to receivers that may be half destroyed.
    if (m_socket)
        m_socket->disconnect(this);
}

void BrokerClient::setUrl(const QUrl &url)
{
    m_url = url;
}

void BrokerClient::setReconnectDelays(std::chrono::milliseconds initial,
                                      std::chrono::milliseconds maximum)
{
    m_initialDelay = initial;
    m_maximumDelay = std::max(initial, maximum);
}

void BrokerClient::setPingInterval(std::chrono::milliseconds interval)
{
    m_pingInterval = interval;
    m_pingTimer.setInterval(interval);
}

void BrokerClient::open()
{
    m_wanted = true;
    m_failedAttempts = 0;
    m_reconnectTimer.stop();
    connectNow();
}

void BrokerClient::close()
{
    m_wanted = false;
    m_reconnectTimer.stop();
    m_pingTimer.stop();
    dropSocket();
    m_latency.reset();
    setState(State::Disconnected);
}

void BrokerClient::dropSocket()
{
    if (!m_socket)
        return;
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void BrokerClient::connectNow()
{
    dropSocket();
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket = socket;
    if (m_ssl)
        socket->setSslConfiguration(*m_ssl);
    connect(socket, &QWebSocket::connected, this, &BrokerClient::onConnected);
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { onConnectionLost(socket); });
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this, socket](QAbstractSocket::SocketError) {
                m_lastError = socket->errorString();
                // A failed attempt does not always end with disconnected().
                if (socket->state() == QAbstractSocket::UnconnectedState)
                    onConnectionLost(socket);
            });
    connect(socket, &QWebSocket::textMessageReceived, this, &BrokerClient::onTextMessage);
    connect(socket, &QWebSocket::pong, this, [this](quint64 elapsed, const QByteArray &) {
        m_sinceLastPong.restart();
        m_latency = std::chrono::milliseconds(elapsed);
        emit latencyMeasured(int(elapsed));
    });

    QNetworkRequest request(m_url);
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    setState(State::Connecting);
    qCDebug(lcClient).noquote() << "connecting to" << m_url.toString(QUrl::RemoveQuery);
    socket->open(request);
}

void BrokerClient::onConnected()
{
    m_failedAttempts = 0;
    m_lastError.clear();
    m_sinceLastPong.start();
    m_pingTimer.start();
    setState(State::Connected);
    qCInfo(lcClient).noquote() << "connected to" << m_url.toString(QUrl::RemoveQuery);
    emit connected();
    sendPing(); // a first latency figure right away
}

void BrokerClient::onConnectionLost(QWebSocket *socket)
{
    if (socket != m_socket)
        return; // an old socket, or this loss was already handled
    const bool wasConnected = m_state == State::Connected;
    if (!socket->closeReason().isEmpty())
        m_lastError = u"closed by the broker: "_s + socket->closeReason();
    else if (m_lastError.isEmpty())
        m_lastError = wasConnected ? u"the connection was closed"_s : socket->errorString();
    dropSocket();
    m_pingTimer.stop();
    m_latency.reset();
    qCInfo(lcClient).noquote() << (wasConnected ? "connection lost:" : "cannot connect:")
                               << m_lastError;
    if (!m_wanted) {
        setState(State::Disconnected);
        emit disconnected(m_lastError);
        return;
    }
    // Doubling delays, with a tenth of random spread so that many clients of a restarted
    // broker do not all come back in the same instant.
    const int exponent = std::min(m_failedAttempts, 20);
    const qint64 base =
        std::min<qint64>(m_initialDelay.count() << exponent, m_maximumDelay.count());
    const qint64 delay = base + QRandomGenerator::global()->bounded(base / 10 + 1);
    ++m_failedAttempts;
    setState(State::WaitingToReconnect);
    emit disconnected(m_lastError);
    m_reconnectTimer.start(int(delay));
    emit reconnectScheduled(int(delay), m_failedAttempts);
}

QString BrokerClient::send(const Request &request)
{
    if (m_state != State::Connected || !m_socket)
        return {};
    const QString messageId = u"c%1"_s.arg(m_nextMessageId++);
    m_socket->sendTextMessage(QString::fromUtf8(MessageCodec::encodeRequest(request, messageId)));
    return messageId;
}

void BrokerClient::sendPing()
{
    if (!m_socket || m_state != State::Connected)
        return;
    if (m_sinceLastPong.hasExpired(kMissedPongs * m_pingInterval.count())) {
        m_lastError = u"the broker stopped answering"_s;
        qCInfo(lcClient) << "no pong for" << m_sinceLastPong.elapsed() << "ms; reconnecting";
        m_socket->abort(); // reported as lost through disconnected()
        return;
    }
    m_socket->ping();
}

void BrokerClient::onTextMessage(const QString &text)
{
    const DecodedServerFrame frame = MessageCodec::decodeServerFrame(text.toUtf8());
    if (const auto *reply = std::get_if<IncomingReply>(&frame)) {
        emitReply(*reply);
    } else if (const auto *event = std::get_if<Event>(&frame)) {
        emitEvent(*event);
    } else {
        const QString &message = std::get<DecodeFailure>(frame).message;
        qCWarning(lcClient).noquote() << "ignored a frame from the broker:" << message;
        emit protocolError(message);
    }
}

void BrokerClient::emitReply(const IncomingReply &incoming)
{
    const QString messageId = incoming.messageId.value_or(QString());
    std::visit(
        [&](const auto &reply) {
            using T = std::decay_t<decltype(reply)>;
            if constexpr (std::is_same_v<T, Ack>)
                emit ackReceived(messageId);
            else if constexpr (std::is_same_v<T, Error>)
                emit errorReceived(reply, messageId);
            else if constexpr (std::is_same_v<T, ShareInfo>)
                emit shareInfoReceived(reply, messageId);
            else if constexpr (std::is_same_v<T, MonitorSnapshot>) {
                emit snapshotReceived(reply, messageId);
                if (reply.institution)
                    emit institutionConfig(*reply.institution);
            } else if constexpr (std::is_same_v<T, SharesPage>)
                emit sharesPageReceived(reply, messageId);
            else if constexpr (std::is_same_v<T, TeamList>)
                emit teamListReceived(reply, messageId);
            else if constexpr (std::is_same_v<T, ShareList>)
                emit shareListReceived(reply, messageId);
            else if constexpr (std::is_same_v<T, ShareAccessList>)
                emit shareAccessReceived(reply, messageId);
            else if constexpr (std::is_same_v<T, AccountList>)
                emit accountListReceived(reply, messageId);
            else if constexpr (std::is_same_v<T, SessionList>)
                emit sessionListReceived(reply, messageId);
            else if constexpr (std::is_same_v<T, AuditPageReply>)
                emit auditPageReceived(reply, messageId);
            else {
                static_assert(std::is_same_v<T, StateBackup>);
                emit stateBackupReceived(reply, messageId);
            }
        },
        incoming.reply);
}

void BrokerClient::emitEvent(const Event &event)
{
    std::visit(
        [&](const auto &message) {
            using T = std::decay_t<decltype(message)>;
            if constexpr (std::is_same_v<T, UserOnline>)
                emit userOnline(message);
            else if constexpr (std::is_same_v<T, UserOffline>)
                emit userOffline(message);
            else if constexpr (std::is_same_v<T, UserHeartbeat>)
                emit userHeartbeat(message);
            else if constexpr (std::is_same_v<T, SharePublished>)
                emit sharePublished(message);
            else if constexpr (std::is_same_v<T, ShareUpdated>)
                emit shareUpdated(message);
            else if constexpr (std::is_same_v<T, ShareRevoked>)
                emit shareRevoked(message);
            else if constexpr (std::is_same_v<T, ShareExpired>)
                emit shareExpired(message);
            else if constexpr (std::is_same_v<T, InstitutionConfig>)
                emit institutionConfig(message.settings);
            else if constexpr (std::is_same_v<T, AuditEvent>)
                emit auditEventReceived(message);
            else if constexpr (std::is_same_v<T, ReplicaList>)
                emit replicasReceived(message);
            else {
                static_assert(std::is_same_v<T, StatsReport>);
                emit statsReceived(message);
            }
        },
        event);
}

void BrokerClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

} // namespace ddalab
