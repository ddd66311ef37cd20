#include "PublishLoad.h"

#include "support/BrokerReplies.h"
#include "support/DesktopFrames.h"

using namespace Qt::StringLiterals;

PublishLoad::PublishLoad(int connections, int window) : m_connections(connections), m_window(window)
{
}

PublishLoad::~PublishLoad() = default;

bool PublishLoad::open(const DaemonProcess &daemon, QString *error)
{
    for (int i = 0; i < m_connections; ++i) {
        auto client = std::make_unique<WsTestClient>();
        const QString user = u"load-%1@institution.edu"_s.arg(i);
        if (!client->openRegistered(daemon.wsUrl(), {}, user, u"http://10.0.0.%1:3001"_s.arg(i + 1),
                                    error))
            return false;
        const size_t lane = m_lanes.size();
        QObject::connect(&client->socket(), &QWebSocket::textMessageReceived, this,
                         [this, lane](const QString &text) { onReply(lane, text); });
        m_lanes.push_back({user, {}});
        m_clients.push_back(std::move(client));
    }
    return true;
}

void PublishLoad::start()
{
    m_running = true;
    for (size_t lane = 0; lane < m_lanes.size(); ++lane)
        for (int i = 0; i < m_window; ++i)
            sendNext(lane);
}

qsizetype PublishLoad::inFlight() const
{
    qsizetype count = 0;
    for (const Lane &lane : m_lanes)
        count += lane.waiting.size();
    return count;
}

bool PublishLoad::allClosed() const
{
    return std::all_of(m_clients.cbegin(), m_clients.cend(), [](const auto &client) {
        return client->socket().state() == QAbstractSocket::UnconnectedState;
    });
}

void PublishLoad::sendNext(size_t lane)
{
    if (!m_running || m_clients[lane]->socket().state() != QAbstractSocket::ConnectedState)
        return;
    const QString token = wire::newToken();
    m_lanes[lane].waiting.append(token);
    m_sent.append(token);
    m_clients[lane]->sendJson(
        wire::withId(wire::publishShare(token, wire::metadata(m_lanes[lane].user,
                                                              u"result-"_s + token, u"Load"_s)),
                     token));
}

void PublishLoad::onReply(size_t lane, const QString &text)
{
    const ServerFrame reply(text.toUtf8());
    const QString token = messageId(reply);
    QStringList &waiting = m_lanes[lane].waiting;
    if (waiting.isEmpty() || waiting.first() != token)
        ++m_outOfOrder;
    waiting.removeOne(token);
    if (isAck(reply))
        m_acked.insert(token);
    else
        m_unexpected.append(text);
    sendNext(lane);
}
