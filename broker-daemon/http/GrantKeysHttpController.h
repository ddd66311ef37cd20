#pragma once

#include <QHttpServerRequest>
#include <QObject>

class QTcpSocket;

namespace ddalab {

class AuditTrail;
class DownloadGrants;
class JsonApi;

// GET /.well-known/jwks.json: the public keys that verify download grants, for anybody (a
// DDALAB API server fetches it without a credential). POST /api/admin/grant-keys/rotate: a new
// signing key, for administrators, recorded as admin.grant_key_rotated.
class GrantKeysHttpController : public QObject
{
    Q_OBJECT
public:
    // How long a verifier may cache jwks.json: a new key is only ever met after a rotation,
    // and verifiers refetch on an unknown kid.
    static constexpr int kJwksMaxAgeSeconds = 300;

    GrantKeysHttpController(const JsonApi &api, DownloadGrants &grants, AuditTrail &audit,
                            QObject *parent = nullptr);

private:
    void jwks(const QHttpServerRequest &request, QTcpSocket *socket);
    void rotate(const QHttpServerRequest &request, QTcpSocket *socket);

    const JsonApi &m_api;
    DownloadGrants &m_grants;
    AuditTrail &m_audit;
};

} // namespace ddalab
