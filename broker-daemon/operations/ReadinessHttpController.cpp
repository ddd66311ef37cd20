#include "operations/ReadinessHttpController.h"

#include "http/HttpServer.h"
#include "logging/LogCategories.h"
#include "replicas/Replication.h"
#include "storage/StorageProbe.h"

#include <QJsonObject>
#include <QTimer>

#include <memory>

namespace ddalab {

using namespace Qt::StringLiterals;

ReadinessHttpController::ReadinessHttpController(HttpServer &http, StorageProbe &probe,
                                                 const Replication *replication, QObject *parent)
    : QObject(parent), m_http(http), m_probe(probe), m_replication(replication)
{
    m_http.addRoute(u"/ready"_s, QHttpServerRequest::Method::Get,
                    [this](const QRegularExpressionMatch &, const QHttpServerRequest &request,
                           QTcpSocket *socket) { get(request, socket); });
}

void ReadinessHttpController::get(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (m_shuttingDown) {
        m_http.respond(request, socket, unavailable(u"the broker is shutting down"_s));
        return;
    }
    if (m_replication) {
        if (const auto problem = m_replication->problem()) {
            m_http.respond(request, socket, unavailable(*problem));
            return;
        }
    }
    const HttpServer::Ticket ticket = m_http.defer(request, socket);
    // Whichever comes first answers: the database, or the timeout.
    auto answered = std::make_shared<bool>(false);
    QTimer::singleShot(kAnswerTimeout, this, [this, ticket, answered] {
        if (std::exchange(*answered, true))
            return;
        m_http.fulfil(ticket, unavailable(u"the database did not answer within %1 ms"_s.arg(
                                  kAnswerTimeout.count())));
    });
    m_probe.ping(this, [this, ticket, answered](const ProbeResult &result) {
        if (std::exchange(*answered, true))
            return;
        m_http.fulfil(ticket, result.ok ? ready(result.value)
                                        : unavailable(u"the database failed: "_s + result.error));
    });
}

QHttpServerResponse ReadinessHttpController::ready(qint64 schemaVersion)
{
    if (m_lastReady != true)
        qCInfo(lcHttp) << "ready: the database answers";
    m_lastReady = true;
    QJsonObject body{{"status"_L1, "ready"_L1}, {"schema_version"_L1, schemaVersion}};
    if (m_replication) {
        body.insert("replica_id"_L1, m_replication->identity().id);
        body.insert("replica_address"_L1, m_replication->identity().address);
    }
    return QHttpServerResponse(body);
}

QHttpServerResponse ReadinessHttpController::unavailable(const QString &reason)
{
    if (m_lastReady != false)
        qCWarning(lcHttp).noquote() << "not ready:" << reason;
    m_lastReady = false;
    return QHttpServerResponse(QJsonObject{{"status"_L1, "unavailable"_L1}, {"reason"_L1, reason}},
                               QHttpServerResponse::StatusCode::ServiceUnavailable);
}

} // namespace ddalab
