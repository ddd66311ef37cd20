#include "directory/LdapConnection.h"

#include "logging/LogCategories.h"

#include <ldap.h>

#include <memory>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

// Every directory call gives up after this; a share request then is refused, not kept waiting.
constexpr int kTimeoutSeconds = 5;
// Groups larger than this are read only this far.
constexpr int kMaxMembers = 10000;

struct MessageFree
{
    void operator()(LDAPMessage *message) const { ldap_msgfree(message); }
};
using Message = std::unique_ptr<LDAPMessage, MessageFree>;

struct ValuesFree
{
    void operator()(berval **values) const { ldap_value_free_len(values); }
};
using Values = std::unique_ptr<berval *, ValuesFree>;

QString describe(int code)
{
    return QString::fromUtf8(ldap_err2string(code));
}

} // namespace

LdapConnection::LdapConnection(LdapSettings settings) : m_settings(std::move(settings)) {}

LdapConnection::~LdapConnection()
{
    disconnect();
}

void LdapConnection::disconnect()
{
    if (m_ldap)
        ldap_unbind_ext_s(m_ldap, nullptr, nullptr);
    m_ldap = nullptr;
}

bool LdapConnection::connect(QString *error)
{
    int code = ldap_initialize(&m_ldap, m_settings.url.toUtf8().constData());
    if (code != LDAP_SUCCESS) {
        *error = u"cannot use LDAP_URL: "_s + describe(code);
        m_ldap = nullptr;
        return false;
    }
    const int version = LDAP_VERSION3;
    ldap_set_option(m_ldap, LDAP_OPT_PROTOCOL_VERSION, &version);
    ldap_set_option(m_ldap, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
    const timeval timeout{kTimeoutSeconds, 0};
    ldap_set_option(m_ldap, LDAP_OPT_NETWORK_TIMEOUT, &timeout);
    ldap_set_option(m_ldap, LDAP_OPT_TIMEOUT, &timeout);

    QByteArray password = m_settings.bindPassword.toUtf8();
    berval credentials{ber_len_t(password.size()), password.data()};
    const QByteArray bindDn = m_settings.bindDn.toUtf8();
    code = ldap_sasl_bind_s(m_ldap, bindDn.isEmpty() ? nullptr : bindDn.constData(),
                            LDAP_SASL_SIMPLE, &credentials, nullptr, nullptr, nullptr);
    if (code != LDAP_SUCCESS) {
        *error = u"bind failed: "_s + describe(code);
        disconnect();
        return false;
    }
    return true;
}

namespace {

// A value inside a filter: *, (, ), \ and NUL must not change the filter's meaning.
QString escapedFilterValue(const QString &value)
{
    QByteArray utf8 = value.toUtf8();
    berval in{ber_len_t(utf8.size()), utf8.data()};
    berval out{0, nullptr};
    QString escaped;
    if (ldap_bv2escaped_filter_value(&in, &out) == 0) {
        escaped = QString::fromUtf8(out.bv_val, qsizetype(out.bv_len));
        ber_memfree(out.bv_val);
    }
    return escaped;
}

} // namespace

QString LdapConnection::groupFilterFor(const QString &teamId) const
{
    QString filter = m_settings.groupFilter;
    return filter.replace(u"{team}"_s, escapedFilterValue(teamId));
}

std::optional<QByteArray> LdapConnection::userEntryOf(const QString &userId, QString *error)
{
    QString filterText = m_settings.userFilter;
    const QByteArray filter = filterText.replace(u"{user}"_s, escapedFilterValue(userId)).toUtf8();
    const QByteArray base = m_settings.userBaseDn.toUtf8();
    char noAttributes[] = "1.1";
    char *attributes[] = {noAttributes, nullptr};
    timeval timeout{kTimeoutSeconds, 0};
    LDAPMessage *raw = nullptr;
    const int code =
        ldap_search_ext_s(m_ldap, base.constData(), LDAP_SCOPE_SUBTREE, filter.constData(),
                          attributes, 0, nullptr, nullptr, &timeout, 2, &raw);
    Message result(raw);
    if (code == LDAP_NO_SUCH_OBJECT)
        return std::nullopt;
    if (code != LDAP_SUCCESS && code != LDAP_SIZELIMIT_EXCEEDED) {
        *error = u"searching the user failed: "_s + describe(code);
        return std::nullopt;
    }
    // None, or more than one: nobody to bind as.
    if (ldap_count_entries(m_ldap, result.get()) != 1)
        return std::nullopt;
    char *dn = ldap_get_dn(m_ldap, ldap_first_entry(m_ldap, result.get()));
    if (!dn)
        return std::nullopt;
    const QByteArray entry(dn);
    ldap_memfree(dn);
    return entry;
}

std::optional<bool> LdapConnection::checkPassword(const QString &userId, const QByteArray &password)
{
    // An empty password would be an unauthenticated bind, which servers accept for any DN.
    if (password.isEmpty())
        return false;
    QString error;
    std::optional<QByteArray> entry;
    for (int attempt = 0; attempt < 2; ++attempt) {
        error.clear();
        if (!m_ldap && !connect(&error))
            continue;
        entry = userEntryOf(userId, &error);
        if (error.isEmpty())
            break;
        disconnect();
    }
    if (!error.isEmpty()) {
        qCWarning(lcDirectory).noquote() << "a login could not be checked:" << error;
        return std::nullopt;
    }
    if (!entry)
        return false;

    LDAP *user = nullptr;
    int code = ldap_initialize(&user, m_settings.url.toUtf8().constData());
    if (code != LDAP_SUCCESS) {
        qCWarning(lcDirectory).noquote() << "a login could not be checked:" << describe(code);
        return std::nullopt;
    }
    const int version = LDAP_VERSION3;
    ldap_set_option(user, LDAP_OPT_PROTOCOL_VERSION, &version);
    const timeval timeout{kTimeoutSeconds, 0};
    ldap_set_option(user, LDAP_OPT_NETWORK_TIMEOUT, &timeout);
    ldap_set_option(user, LDAP_OPT_TIMEOUT, &timeout);
    QByteArray secret = password;
    berval credentials{ber_len_t(secret.size()), secret.data()};
    code = ldap_sasl_bind_s(user, entry->constData(), LDAP_SASL_SIMPLE, &credentials, nullptr,
                            nullptr, nullptr);
    ldap_unbind_ext_s(user, nullptr, nullptr);
    if (code == LDAP_SUCCESS)
        return true;
    if (code == LDAP_INVALID_CREDENTIALS)
        return false;
    qCWarning(lcDirectory).noquote() << "a login could not be checked:" << describe(code);
    return std::nullopt;
}

std::optional<QString> LdapConnection::userIdOf(const QByteArray &dn, QString *error)
{
    const QByteArray attribute = m_settings.userAttribute.toUtf8();
    char *attributes[] = {const_cast<char *>(attribute.constData()), nullptr};
    timeval timeout{kTimeoutSeconds, 0};
    LDAPMessage *raw = nullptr;
    const int code = ldap_search_ext_s(m_ldap, dn.constData(), LDAP_SCOPE_BASE, "(objectClass=*)",
                                       attributes, 0, nullptr, nullptr, &timeout, 1, &raw);
    Message result(raw);
    if (code == LDAP_NO_SUCH_OBJECT)
        return std::nullopt;
    if (code != LDAP_SUCCESS) {
        *error = u"reading a member entry failed: "_s + describe(code);
        return std::nullopt;
    }
    LDAPMessage *entry = ldap_first_entry(m_ldap, result.get());
    if (!entry)
        return std::nullopt;
    Values values(ldap_get_values_len(m_ldap, entry, attribute.constData()));
    if (!values || !values.get()[0])
        return std::nullopt;
    return QString::fromUtf8(values.get()[0]->bv_val, qsizetype(values.get()[0]->bv_len));
}

std::optional<QSet<QString>> LdapConnection::searchMembers(const QString &teamId, QString *error)
{
    const QByteArray base = m_settings.baseDn.toUtf8();
    const QByteArray filter = groupFilterFor(teamId).toUtf8();
    const QByteArray memberAttribute = m_settings.memberAttribute.toUtf8();
    char *attributes[] = {const_cast<char *>(memberAttribute.constData()), nullptr};
    timeval timeout{kTimeoutSeconds, 0};
    LDAPMessage *raw = nullptr;
    const int code =
        ldap_search_ext_s(m_ldap, base.constData(), LDAP_SCOPE_SUBTREE, filter.constData(),
                          attributes, 0, nullptr, nullptr, &timeout, 0, &raw);
    Message result(raw);
    if (code == LDAP_NO_SUCH_OBJECT)
        return QSet<QString>();
    if (code != LDAP_SUCCESS) {
        *error = u"searching the group failed: "_s + describe(code);
        return std::nullopt;
    }

    // Every group the filter finds counts (normally one).
    QList<QByteArray> values;
    for (LDAPMessage *entry = ldap_first_entry(m_ldap, result.get()); entry;
         entry = ldap_next_entry(m_ldap, entry)) {
        Values members(ldap_get_values_len(m_ldap, entry, memberAttribute.constData()));
        for (berval **value = members.get(); value && *value && values.size() < kMaxMembers;
             ++value)
            values.append(QByteArray((*value)->bv_val, qsizetype((*value)->bv_len)));
    }

    QSet<QString> members;
    for (const QByteArray &value : std::as_const(values)) {
        if (m_settings.userAttribute.isEmpty()) {
            members.insert(QString::fromUtf8(value));
            continue;
        }
        // The value names a member's entry; its user attribute is the user id.
        const auto userId = userIdOf(value, error);
        if (!error->isEmpty())
            return std::nullopt;
        if (userId)
            members.insert(*userId);
    }
    return members;
}

TeamDirectoryResult LdapConnection::membersOf(const QString &teamId)
{
    QString error;
    // A connection the server dropped since the last lookup fails once; then a new one is made.
    for (int attempt = 0; attempt < 2; ++attempt) {
        error.clear();
        if (!m_ldap && !connect(&error))
            continue;
        if (auto members = searchMembers(teamId, &error))
            return TeamDirectoryResult{TeamDirectoryResult::Status::Found, std::move(*members), {}};
        disconnect();
    }
    qCWarning(lcDirectory).noquote() << "team" << teamId << "could not be looked up:" << error;
    return TeamDirectoryResult::failed(error);
}

} // namespace ddalab
