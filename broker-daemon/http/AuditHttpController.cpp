#include "http/AuditHttpController.h"

#include "http/HttpServer.h"
#include "http/JsonApi.h"
#include "protocol/AuditJson.h"
#include "services/AuditTrail.h"

#include <QUrlQuery>

namespace ddalab {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;
using Status = QHttpServerResponse::StatusCode;

AuditHttpController::AuditHttpController(const JsonApi &api, AuditTrail &audit, QObject *parent)
    : QObject(parent), m_api(api), m_audit(audit)
{
    m_api.http().addRoute(u"/api/admin/audit"_s, QHttpServerRequest::Method::Get,
                          [this](const QRegularExpressionMatch &, const QHttpServerRequest &request,
                                 QTcpSocket *socket) { get(request, socket); });
}

void AuditHttpController::get(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (!m_api.admin(request, socket))
        return;
    const QUrlQuery params(request.url());
    const auto value = [&params](const QString &name) -> std::optional<QString> {
        if (!params.hasQueryItem(name))
            return std::nullopt;
        return params.queryItemValue(name, QUrl::FullyDecoded);
    };
    const std::optional<QString> format = value(u"format"_s);
    if (format && *format != "json"_L1 && *format != "csv"_L1) {
        m_api.refuse(request, socket, Status::BadRequest, ErrorCode::BadRequest,
                     u"'format' must be json or csv"_s);
        return;
    }
    QString error;
    auto query = protocol::audit::readQuery(value, &error);
    if (!query) {
        m_api.refuse(request, socket, Status::BadRequest, ErrorCode::BadRequest, error);
        return;
    }
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    if (format == "csv"_L1) {
        // Without a limit the export takes every row from the cursor on, up to kMaxCsvRows.
        const int maxRows = value(u"limit"_s) ? query->limit : kMaxCsvRows;
        query->limit = AuditQuery::kMaxLimit;
        m_audit.collect(
            *query, maxRows, this, [this, ticket](const std::optional<AuditPage> &page) {
                if (!page) {
                    m_api.http().fulfil(ticket, JsonApi::storageError());
                    return;
                }
                QHttpServerResponse response("text/csv; charset=utf-8",
                                             protocol::audit::csvHeader() +
                                                 protocol::audit::csvRows(page->entries));
                if (page->nextAfterId)
                    response.setHeader("X-Next-Cursor",
                                       protocol::audit::cursorOf(*page->nextAfterId).toLatin1());
                m_api.http().fulfil(ticket, std::move(response));
            });
        return;
    }
    m_audit.query(*query, this, [this, ticket](const AuditPageResult &result) {
        if (result.status != AuditPageResult::Status::Found) {
            m_api.http().fulfil(ticket, JsonApi::storageError());
            return;
        }
        m_api.http().fulfil(ticket, HttpServer::json(protocol::audit::pageBody(result.page)));
    });
}

} // namespace ddalab
