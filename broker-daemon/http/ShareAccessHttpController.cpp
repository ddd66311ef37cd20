#include "http/ShareAccessHttpController.h"

#include "http/HttpServer.h"
#include "http/JsonApi.h"
#include "protocol/AuditJson.h"
#include "protocol/ShareAccessJson.h"
#include "services/ShareAccessLog.h"

#include <QJsonDocument>
#include <QUrl>
#include <QUrlQuery>

namespace ddalab {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;
using Status = QHttpServerResponse::StatusCode;

ShareAccessHttpController::ShareAccessHttpController(const JsonApi &api, ShareAccessLog &log,
                                                     QObject *parent)
    : QObject(parent), m_api(api), m_log(log)
{
    m_api.http().addRoute(u"/api/shares/([^/]+)/access"_s, QHttpServerRequest::Method::Get,
                          [this](const QRegularExpressionMatch &match,
                                 const QHttpServerRequest &request, QTcpSocket *socket) {
                              get(QUrl::fromPercentEncoding(match.captured(1).toUtf8()), request,
                                  socket);
                          });
}

void ShareAccessHttpController::get(const QString &token, const QHttpServerRequest &request,
                                    QTcpSocket *socket)
{
    const auto caller = m_api.caller(request, socket);
    if (!caller)
        return;
    const QUrlQuery params(request.url());
    // Only the paging parameters: the filters are the share's own.
    const auto value = [&params](const QString &name) -> std::optional<QString> {
        if ((name != "limit"_L1 && name != "after"_L1) || !params.hasQueryItem(name))
            return std::nullopt;
        return params.queryItemValue(name, QUrl::FullyDecoded);
    };
    QString error;
    const auto query = protocol::audit::readQuery(value, &error);
    if (!query) {
        m_api.refuse(request, socket, Status::BadRequest, ErrorCode::BadRequest, error);
        return;
    }
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_log.list(
        token, caller->userId.value_or(QString()), caller->admin, *query, this,
        [this, ticket, token](const ShareAccessPage &page) {
            switch (page.status) {
            case ShareAccessPage::Status::Found: {
                protocol::ShareAccessList list{token, page.entries, std::nullopt};
                if (page.nextAfterId)
                    list.nextCursor = protocol::audit::cursorOf(*page.nextAfterId);
                m_api.http().fulfil(
                    ticket,
                    HttpServer::json(QJsonDocument(protocol::share_access_json::listToJson(list))
                                         .toJson(QJsonDocument::Compact)));
                return;
            }
            case ShareAccessPage::Status::NotFound:
                m_api.http().fulfil(ticket,
                                    JsonApi::error(Status::NotFound, ErrorCode::ShareNotFound,
                                                   u"share not found"_s));
                return;
            case ShareAccessPage::Status::Forbidden:
                m_api.http().fulfil(
                    ticket, JsonApi::forbidden(u"only the share's owner may see who opened it"_s));
                return;
            case ShareAccessPage::Status::Failed:
                m_api.http().fulfil(ticket, JsonApi::storageError());
                return;
            }
        });
}

} // namespace ddalab
