#include "operations/ReadinessHttpController.h"

#include "http/HttpServer.h"
#include "logging/LogCategories.h"
#include "storage/StorageProbe.h"

#include <QJsonObject>
#include <QTimer>

#include <memory>

namespace ddalab {

using namespace Qt::StringLiterals;

ReadinessHttpController::ReadinessHttpController(HttpServer &http, StorageProbe &probe,
                                                 QObject *parent)
    : QObject(parent), m_http(http), m_probe(probe)
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
    return QHttpServerResponse(
        QJsonObject{{"status"_L1, "ready"_L1}, {"schema_version"_L1, schemaVersion}});
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
