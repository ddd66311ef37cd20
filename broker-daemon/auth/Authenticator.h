#pragma once

#include "Identity.h"
#include "JwtVerifier.h"
#include "domain/Clock.h"

#include <QHttpServerRequest>

#include <memory>

class QNetworkRequest;

namespace ddalab {

// Decides what a request's bearer credential (Authorization: Bearer, or ?access_token=) proves:
// the admin token, a verified JWT, or nothing. In jwt mode a credential is required; in none
// mode requests without one are accepted anonymously.
class Authenticator
{
public:
    Authenticator(const AuthSettings &settings, std::unique_ptr<JwtVerifier> verifier,
                  const Clock &clock);
    ~Authenticator();

    AuthDecision authenticate(const QHttpServerRequest &request) const;
    // The handshake request of an upgraded WebSocket.
    AuthDecision authenticate(const QNetworkRequest &request) const;
    // A credential presented on its own (a connection's fresh token).
    AuthDecision verifyCredential(const QByteArray &credential) const;

    bool credentialRequired() const { return m_settings.mode == AuthSettings::Mode::Jwt; }

private:
    AuthDecision decide(const QByteArray &authorization, const QString &accessToken) const;

    AuthSettings m_settings;
    std::unique_ptr<JwtVerifier> m_verifier;
    const Clock &m_clock;
    QByteArray m_adminTokenDigest;
};

} // namespace ddalab
