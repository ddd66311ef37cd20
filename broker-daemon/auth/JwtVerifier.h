#pragma once

#include "auth/Identity.h"
#include "config/Config.h"
#include "config/ConfigError.h"

#include <QByteArray>
#include <QStringList>

#include <memory>
#include <optional>

namespace ddalab {

// Verifies JSON Web Tokens with libjwt: the signature with the one configured key (a shared
// secret or a public key, never both), the algorithm against an allow-list (never "none"),
// exp (required) and nbf with leeway, and iss/aud when configured.
class JwtVerifier
{
public:
    // nullptr when no key is configured; nullptr with error set when the key cannot be used.
    static std::unique_ptr<JwtVerifier> create(const AuthSettings &settings,
                                               std::optional<ConfigError> *error);

    AuthDecision verify(const QByteArray &token, const QDateTime &now) const;

private:
    JwtVerifier(const AuthSettings &settings, QByteArray key, QList<int> algorithms);

    AuthSettings m_settings;
    QByteArray m_key;        // secret or PEM; never logged
    QList<int> m_algorithms; // jwt_alg_t values
};

} // namespace ddalab
