#include "auth/JwtVerifier.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <jwt.h>

#include <cerrno>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kMaxTokenBytes = 8192;

struct JwtDeleter
{
    void operator()(jwt_t *jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

AuthDecision refuse(const QString &reason)
{
    return {false, {}, reason};
}

// A claim as JSON (string, number or array), read through libjwt.
QJsonValue claimValue(jwt_t *jwt, const QByteArray &name)
{
    if (const char *text = jwt_get_grant(jwt, name.constData()))
        return QString::fromUtf8(text);
    char *json = jwt_get_grants_json(jwt, name.constData());
    if (!json)
        return QJsonValue::Undefined;
    // jwt_get_grants_json gives the bare value; wrap it to parse scalars and arrays alike.
    const QJsonDocument document = QJsonDocument::fromJson("[" + QByteArray(json) + "]");
    free(json);
    return document.array().isEmpty() ? QJsonValue::Undefined : document.array().first();
}

bool claimContains(const QJsonValue &claim, const QString &wanted)
{
    if (claim.isString())
        return claim.toString() == wanted;
    if (claim.isArray()) {
        const QJsonArray array = claim.toArray();
        return std::any_of(array.begin(), array.end(),
                           [&](const QJsonValue &item) { return item.toString() == wanted; });
    }
    return false;
}

// The NumericDate claim, or nullopt when absent.
std::optional<qint64> numericClaim(jwt_t *jwt, const char *name, bool *malformed)
{
    errno = 0;
    const long value = jwt_get_grant_int(jwt, name);
    if (errno == ENOENT)
        return std::nullopt;
    if (errno != 0) {
        *malformed = true;
        return std::nullopt;
    }
    return qint64(value);
}

} // namespace

JwtVerifier::JwtVerifier(const AuthSettings &settings, QByteArray key, QList<int> algorithms)
    : m_settings(settings), m_key(std::move(key)), m_algorithms(std::move(algorithms))
{
}

std::unique_ptr<JwtVerifier> JwtVerifier::create(const AuthSettings &settings,
                                                 std::optional<ConfigError> *error)
{
    const bool secret = !settings.jwtSecret.isEmpty();
    QByteArray key;
    if (secret) {
        key = settings.jwtSecret.toUtf8();
    } else if (!settings.jwtPublicKeyFile.isEmpty()) {
        QFile file(settings.jwtPublicKeyFile);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = ConfigError{
                u"JWT_PUBLIC_KEY_FILE"_s,
                u"cannot read %1: %2"_s.arg(settings.jwtPublicKeyFile, file.errorString())};
            return nullptr;
        }
        key = file.readAll();
        if (!key.contains("-----BEGIN PUBLIC KEY-----")) {
            *error = ConfigError{u"JWT_PUBLIC_KEY_FILE"_s,
                                 u"%1 is not a PEM public key"_s.arg(settings.jwtPublicKeyFile)};
            return nullptr;
        }
    } else {
        return nullptr;
    }

    QStringList names = settings.jwtAlgorithms;
    if (names.isEmpty())
        names = secret ? QStringList{u"HS256"_s} : QStringList{u"RS256"_s, u"ES256"_s};
    QList<int> algorithms;
    for (const QString &name : names) {
        const jwt_alg_t alg = jwt_str_alg(name.toUtf8().constData());
        const bool hmac = alg == JWT_ALG_HS256 || alg == JWT_ALG_HS384 || alg == JWT_ALG_HS512;
        if (alg == JWT_ALG_INVAL || alg == JWT_ALG_NONE) {
            *error =
                ConfigError{u"JWT_ALGORITHMS"_s, u"'%1' is not an accepted algorithm"_s.arg(name)};
            return nullptr;
        }
        // A public key used as an HMAC secret would let anybody sign: keep the families apart.
        if (hmac != secret) {
            *error = ConfigError{u"JWT_ALGORITHMS"_s,
                                 u"'%1' does not fit a %2"_s.arg(name, secret ? u"shared secret"_s
                                                                              : u"public key"_s)};
            return nullptr;
        }
        algorithms.append(int(alg));
    }
    return std::unique_ptr<JwtVerifier>(new JwtVerifier(settings, key, algorithms));
}

AuthDecision JwtVerifier::verify(const QByteArray &token, const QDateTime &now) const
{
    if (token.size() > kMaxTokenBytes || token.count('.') != 2)
        return refuse(u"malformed token"_s);
    jwt_t *raw = nullptr;
    if (jwt_decode(&raw, token.constData(),
                   reinterpret_cast<const unsigned char *>(m_key.constData()),
                   int(m_key.size())) != 0)
        return refuse(u"invalid token signature or encoding"_s);
    const JwtPtr jwt(raw);
    if (!m_algorithms.contains(int(jwt_get_alg(jwt.get()))))
        return refuse(u"token algorithm %1 is not accepted"_s.arg(
            QString::fromLatin1(jwt_alg_str(jwt_get_alg(jwt.get())))));

    bool malformed = false;
    const auto expires = numericClaim(jwt.get(), "exp", &malformed);
    const auto notBefore = numericClaim(jwt.get(), "nbf", &malformed);
    if (malformed)
        return refuse(u"token exp or nbf is not a number"_s);
    const qint64 nowSeconds = now.toSecsSinceEpoch();
    const qint64 leeway = m_settings.jwtLeeway.count();
    if (!expires)
        return refuse(u"token has no exp claim"_s);
    if (nowSeconds >= *expires + leeway)
        return refuse(u"token expired"_s);
    if (notBefore && nowSeconds + leeway < *notBefore)
        return refuse(u"token not valid yet"_s);
    if (!m_settings.jwtIssuer.isEmpty() &&
        !claimContains(claimValue(jwt.get(), "iss"), m_settings.jwtIssuer))
        return refuse(u"token issuer is not accepted"_s);
    if (!m_settings.jwtAudience.isEmpty() &&
        !claimContains(claimValue(jwt.get(), "aud"), m_settings.jwtAudience))
        return refuse(u"token audience is not accepted"_s);

    Identity identity;
    identity.expiresAt = QDateTime::fromSecsSinceEpoch(*expires + leeway, Qt::UTC);
    identity.admin = claimContains(claimValue(jwt.get(), m_settings.jwtRolesClaim.toUtf8()),
                                   m_settings.jwtAdminRole);
    const QJsonValue user = claimValue(jwt.get(), m_settings.jwtUserClaim.toUtf8());
    if (user.isString() && !user.toString().isEmpty() && user.toString().size() <= 256)
        identity.provenUserId = user.toString();
    else if (!identity.admin)
        return refuse(u"token has no usable %1 claim"_s.arg(m_settings.jwtUserClaim));
    return {true, identity, {}};
}

} // namespace ddalab
