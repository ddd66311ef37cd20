#include "http/InstitutionHttpController.h"

#include "http/HttpServer.h"
#include "http/JsonApi.h"
#include "protocol/HttpBodies.h"
#include "protocol/InstitutionJson.h"
#include "services/InstitutionService.h"

namespace ddalab {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;
using Status = QHttpServerResponse::StatusCode;
using Method = QHttpServerRequest::Method;

InstitutionHttpController::InstitutionHttpController(const JsonApi &api,
                                                     InstitutionService &institution,
                                                     QObject *parent)
    : QObject(parent), m_api(api), m_institution(institution)
{
    m_api.http().addRoute(u"/api/institution/config"_s, Method::Get | Method::Put,
                          [this](const QRegularExpressionMatch &, const QHttpServerRequest &request,
                                 QTcpSocket *socket) {
                              if (request.method() == Method::Get)
                                  get(request, socket);
                              else
                                  put(request, socket);
                          });
}

void InstitutionHttpController::get(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (!m_api.caller(request, socket))
        return;
    m_api.respond(request, socket,
                  HttpServer::json(protocol::http::institutionBody(m_institution.settings())));
}

void InstitutionHttpController::put(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto admin = m_api.admin(request, socket);
    if (!admin)
        return;
    const auto body = m_api.jsonBody(request, socket);
    if (!body)
        return;
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_institution.update(
        [body = *body](const InstitutionSettings &current, QString *error) {
            return protocol::institution_json::applyUpdate(body, current, error);
        },
        admin->auditActor(), this,
        [this, ticket](const InstitutionService::Outcome &outcome) {
            using Outcome = InstitutionService::Outcome::Status;
            switch (outcome.status) {
            case Outcome::Updated:
                m_api.http().fulfil(
                    ticket, HttpServer::json(protocol::http::institutionBody(outcome.settings)));
                return;
            case Outcome::Invalid:
                m_api.http().fulfil(ticket,
                                    JsonApi::error(Status::BadRequest, ErrorCode::BadRequest,
                                                   outcome.error + u"; nothing was changed"_s));
                return;
            case Outcome::Busy:
                m_api.http().fulfil(
                    ticket, JsonApi::error(Status::ServiceUnavailable, ErrorCode::ServiceBusy,
                                           u"too many changes of the settings at once; "
                                           "try again"_s));
                return;
            case Outcome::Failed:
                m_api.http().fulfil(ticket, JsonApi::storageError());
                return;
            }
        });
}

} // namespace ddalab
