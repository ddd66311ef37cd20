#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace ddalab::protocol {

// The claims of a download grant, the token share_info carries (README "Download grants"): a
// DDALAB API server checks them before it serves ENDPOINT/api/results/CONTENT_ID.
struct GrantClaims
{
    QString issuer;        // iss
    QString subject;       // sub: the requester; empty (and left out) for an anonymous request
    QString shareToken;    // share_token
    QString contentId;     // content_id
    QString owner;         // owner
    quint64 issuedAt = 0;  // iat, seconds since the Unix epoch
    quint64 expiresAt = 0; // exp
    QString id;            // jti
};

// A public key of /.well-known/jwks.json: an EC P-256 key for ES256.
struct GrantPublicKey
{
    QString kid;
    QByteArray x; // 32 bytes, big-endian
    QByteArray y;
};

namespace grant_json {

// The JWS protected header of a grant signed by kid.
QByteArray header(const QString &kid);
QByteArray claims(const GrantClaims &claims);
// {"keys":[{"kty":"EC","crv":"P-256","x","y","kid","use":"sig","alg":"ES256"}, ...]}
QByteArray jwksBody(const QList<GrantPublicKey> &keys);
// The answer to POST /api/admin/grant-keys/rotate: {"kid": the new current key}.
QByteArray rotatedBody(const QString &kid);

} // namespace grant_json
} // namespace ddalab::protocol
