#pragma once

#include "services/BackupService.h"

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QObject>

class QTcpSocket;

namespace ddalab {

class JsonApi;

// The backups resource: PUT /api/backups/USER stores the raw body as USER's state (X-State-Hash:
// its hex SHA-256; If-Match: the hash the client last saw makes the write conditional), GET
// answers the raw bytes with the hash as ETag, DELETE removes it. Only USER itself, proven by
// its credential, may do any of it. Bodies over BACKUP_MAX_BYTES are refused before they are
// read (HttpServer's route limit).
class BackupHttpController : public QObject
{
    Q_OBJECT
public:
    BackupHttpController(const JsonApi &api, BackupService &backups, QObject *parent = nullptr);

private:
    // The user of the path if the caller is that user; nullopt after answering 400, 401 or 403.
    std::optional<QString> owner(const QRegularExpressionMatch &match,
                                 const QHttpServerRequest &request, QTcpSocket *socket) const;
    void put(const QRegularExpressionMatch &match, const QHttpServerRequest &request,
             QTcpSocket *socket);
    void get(const QRegularExpressionMatch &match, const QHttpServerRequest &request,
             QTcpSocket *socket);
    void remove(const QRegularExpressionMatch &match, const QHttpServerRequest &request,
                QTcpSocket *socket);

    static std::optional<BackupPrecondition> preconditionOf(const QHttpServerRequest &request);
    static QByteArray entityTag(const QString &stateHash);
    static QHttpServerResponse toResponse(const BackupService::WriteOutcome &outcome);

    const JsonApi &m_api;
    BackupService &m_backups;
};

} // namespace ddalab
