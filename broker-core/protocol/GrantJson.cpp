#include "protocol/GrantJson.h"

#include "protocol/JsonText.h"

namespace ddalab::protocol::grant_json {

using namespace Qt::StringLiterals;

namespace {

QString base64Url(const QByteArray &bytes)
{
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

QByteArray header(const QString &kid)
{
    QByteArray out;
    {
        JsonTextObject object(out);
        object.field("alg", u"ES256"_s);
        object.field("kid", kid);
        object.field("typ", u"JWT"_s);
    }
    return out;
}

QByteArray claims(const GrantClaims &claims)
{
    QByteArray out;
    out.reserve(320);
    {
        JsonTextObject object(out);
        object.field("iss", claims.issuer);
        if (!claims.subject.isEmpty())
            object.field("sub", claims.subject);
        object.field("share_token", claims.shareToken);
        object.field("content_id", claims.contentId);
        object.field("owner", claims.owner);
        object.field("iat", claims.issuedAt);
        object.field("exp", claims.expiresAt);
        object.field("jti", claims.id);
    }
    return out;
}

QByteArray jwksBody(const QList<GrantPublicKey> &keys)
{
    QByteArray out;
    {
        JsonTextObject body(out);
        QByteArray &list = body.key("keys");
        list += '[';
        for (qsizetype i = 0; i < keys.size(); ++i) {
            if (i > 0)
                list += ',';
            JsonTextObject key(list);
            key.field("kty", u"EC"_s);
            key.field("crv", u"P-256"_s);
            key.field("x", base64Url(keys[i].x));
            key.field("y", base64Url(keys[i].y));
            key.field("kid", keys[i].kid);
            key.field("use", u"sig"_s);
            key.field("alg", u"ES256"_s);
        }
        list += ']';
    }
    return out;
}

QByteArray rotatedBody(const QString &kid)
{
    QByteArray out;
    {
        JsonTextObject body(out);
        body.field("kid", kid);
    }
    return out;
}

} // namespace ddalab::protocol::grant_json
