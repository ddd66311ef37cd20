#include "http/BackupHttpController.h"

#include "domain/StateHash.h"
#include "http/HttpServer.h"
#include "http/JsonApi.h"
#include "protocol/HttpBodies.h"

#include <QLocale>

namespace ddalab {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;
using Status = QHttpServerResponse::StatusCode;
using Method = QHttpServerRequest::Method;

namespace {

QByteArray httpDate(const QDateTime &time)
{
    return QLocale::c().toString(time.toUTC(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s).toLatin1();
}

QHttpServerResponse noBackup()
{
    return JsonApi::error(Status::NotFound, ErrorCode::NoBackup,
                          u"there is no backup of this user"_s);
}

} // namespace

BackupHttpController::BackupHttpController(const JsonApi &api, BackupService &backups,
                                           QObject *parent)
    : QObject(parent), m_api(api), m_backups(backups)
{
    const QString path = u"/api/backups/([^/]+)"_s;
    m_api.http().addRoute(
        path, Method::Put,
        [this](const QRegularExpressionMatch &match, const QHttpServerRequest &request,
               QTcpSocket *socket) { put(match, request, socket); },
        m_backups.maxBytes());
    m_api.http().addRoute(path, Method::Get | Method::Delete,
                          [this](const QRegularExpressionMatch &match,
                                 const QHttpServerRequest &request, QTcpSocket *socket) {
                              if (request.method() == Method::Get)
                                  get(match, request, socket);
                              else
                                  remove(match, request, socket);
                          });
}

std::optional<QString> BackupHttpController::owner(const QRegularExpressionMatch &match,
                                                   const QHttpServerRequest &request,
                                                   QTcpSocket *socket) const
{
    const auto caller = m_api.caller(request, socket);
    if (!caller)
        return std::nullopt;
    auto userId = m_api.userIdInPath(match, 1, request, socket);
    if (!userId)
        return std::nullopt;
    if (!caller->is(*userId)) {
        m_api.respond(request, socket,
                      JsonApi::forbidden(u"only the user itself may use its backup"_s));
        return std::nullopt;
    }
    return userId;
}

void BackupHttpController::put(const QRegularExpressionMatch &match,
                               const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto userId = owner(match, request, socket);
    if (!userId)
        return;
    const QString claimedHash = QString::fromLatin1(request.value("x-state-hash").trimmed());
    if (!StateHash::isWellFormed(claimedHash)) {
        m_api.refuse(request, socket, Status::BadRequest, ErrorCode::BadRequest,
                     u"X-State-Hash must be the hex SHA-256 of the body"_s);
        return;
    }
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_backups.write(
        AuditActor{*userId, request.remoteAddress().toString()},
        BackupService::Upload{*userId, request.body(), claimedHash, preconditionOf(request)}, this,
        [this, ticket](const BackupService::WriteOutcome &outcome) {
            m_api.http().fulfil(ticket, toResponse(outcome));
        });
}

void BackupHttpController::get(const QRegularExpressionMatch &match,
                               const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto userId = owner(match, request, socket);
    if (!userId)
        return;
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_backups.read(AuditActor{*userId, request.remoteAddress().toString()}, *userId, this,
                   [this, ticket](const BackupReadResult &result) {
                       switch (result.status) {
                       case BackupReadResult::Status::Found: {
                           const BackupRecord &backup = result.backup;
                           QHttpServerResponse response("application/octet-stream", backup.data);
                           response.setHeader("ETag", entityTag(backup.stateHash));
                           response.setHeader("X-State-Hash", backup.stateHash.toLatin1());
                           response.setHeader("Last-Modified", httpDate(backup.updatedAt));
                           m_api.http().fulfil(ticket, std::move(response));
                           return;
                       }
                       case BackupReadResult::Status::NotFound:
                           m_api.http().fulfil(ticket, noBackup());
                           return;
                       case BackupReadResult::Status::Failed:
                           m_api.http().fulfil(ticket, JsonApi::storageError());
                           return;
                       }
                   });
}

void BackupHttpController::remove(const QRegularExpressionMatch &match,
                                  const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto userId = owner(match, request, socket);
    if (!userId)
        return;
    const HttpServer::Ticket ticket = m_api.http().defer(request, socket);
    m_backups.remove(
        AuditActor{*userId, request.remoteAddress().toString()}, *userId, preconditionOf(request),
        this, [this, ticket](const BackupDeleteResult &result) {
            switch (result.status) {
            case BackupDeleteResult::Status::Deleted:
                m_api.http().fulfil(ticket, QHttpServerResponse(Status::NoContent));
                return;
            case BackupDeleteResult::Status::NotFound:
                m_api.http().fulfil(ticket, noBackup());
                return;
            case BackupDeleteResult::Status::PreconditionFailed:
                m_api.http().fulfil(ticket,
                                    JsonApi::error(Status::PreconditionFailed,
                                                   ErrorCode::PreconditionFailed,
                                                   u"the backup is not the one If-Match names"_s));
                return;
            case BackupDeleteResult::Status::Failed:
                m_api.http().fulfil(ticket, JsonApi::storageError());
                return;
            }
        });
}

std::optional<BackupPrecondition>
BackupHttpController::preconditionOf(const QHttpServerRequest &request)
{
    const QByteArray header = request.value("if-match").trimmed();
    if (header.isEmpty())
        return std::nullopt;
    BackupPrecondition precondition;
    for (const QByteArray &item : header.split(',')) {
        QByteArray tag = item.trimmed();
        if (tag == "*") {
            precondition.anyExisting = true;
        } else if (!tag.startsWith("W/")) { // a weak tag never matches a strong comparison
            if (tag.size() >= 2 && tag.startsWith('"') && tag.endsWith('"'))
                tag = tag.mid(1, tag.size() - 2);
            precondition.stateHashes.append(QString::fromLatin1(tag).toLower());
        }
    }
    return precondition;
}

QByteArray BackupHttpController::entityTag(const QString &stateHash)
{
    return '"' + stateHash.toLatin1() + '"';
}

QHttpServerResponse BackupHttpController::toResponse(const BackupService::WriteOutcome &outcome)
{
    using Outcome = BackupService::WriteOutcome::Status;
    switch (outcome.status) {
    case Outcome::Created:
    case Outcome::Replaced: {
        QHttpServerResponse response =
            HttpServer::json(protocol::http::backupBody(outcome.backup),
                             outcome.status == Outcome::Created ? Status::Created : Status::Ok);
        response.setHeader("ETag", entityTag(outcome.backup.stateHash));
        return response;
    }
    case Outcome::TooLarge:
        return JsonApi::error(Status::PayloadTooLarge, ErrorCode::BackupTooLarge,
                              u"the state is larger than BACKUP_MAX_BYTES"_s);
    case Outcome::HashMismatch:
        return JsonApi::error(Status::BadRequest, ErrorCode::HashMismatch,
                              u"X-State-Hash is not the SHA-256 of the body; nothing was stored"_s);
    case Outcome::PreconditionFailed: {
        QHttpServerResponse response =
            JsonApi::error(Status::PreconditionFailed, ErrorCode::PreconditionFailed,
                           u"another write came first: the stored backup is not the one "
                           "If-Match names"_s);
        if (outcome.storedHash)
            response.setHeader("ETag", entityTag(*outcome.storedHash));
        return response;
    }
    case Outcome::Failed:
        break;
    }
    return JsonApi::storageError();
}

} // namespace ddalab
