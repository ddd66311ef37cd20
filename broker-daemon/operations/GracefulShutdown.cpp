#include "operations/GracefulShutdown.h"

#include "http/HttpServer.h"
#include "logging/LogCategories.h"
#include "server/BrokerServer.h"
#include "websocket/WebSocketGateway.h"

namespace ddalab {

using namespace Qt::StringLiterals;

GracefulShutdown::GracefulShutdown(BrokerServer &server, std::chrono::seconds timeout,
                                   QObject *parent)
    : QObject(parent), m_server(server), m_timeout(timeout)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        qCWarning(lcBroker) << m_server.sessions().count() << "connections did not finish within"
                            << m_timeout.count() << "s; dropping them";
        finish();
    });
}

void GracefulShutdown::start()
{
    if (m_started)
        return;
    m_started = true;
    qCInfo(lcBroker) << "shutting down: no new connections;" << m_server.sessions().count()
                     << "open connections finish what they sent, then close (up to"
                     << m_timeout.count() << "s)";
    m_server.stopListening();
    connect(&m_server.sessions(), &SessionRegistry::countChanged, this,
            &GracefulShutdown::finishIfIdle);
    connect(&m_server.http(), &HttpServer::allAnswered, this, &GracefulShutdown::finishIfIdle);
    m_deadline.start(m_timeout);
    m_server.gateway().closeAllWhenIdle(QWebSocketProtocol::CloseCodeGoingAway,
                                        u"the broker is shutting down"_s);
    finishIfIdle();
}

void GracefulShutdown::finishIfIdle()
{
    if (m_server.sessions().count() == 0 && !m_server.http().hasPendingAnswers())
        finish();
}

void GracefulShutdown::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_deadline.stop();
    emit finished();
}

} // namespace ddalab
