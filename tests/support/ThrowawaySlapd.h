#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

// An OpenLDAP server of the test's own (Debian's slapd): an mdb database under
// dc=lab,dc=example in a temporary folder, loaded from LDIF before it starts, on a free loopback
// port. The admin is cn=admin,dc=lab,dc=example with password "secret".
class ThrowawaySlapd
{
public:
    ThrowawaySlapd();
    ~ThrowawaySlapd();

    // Loads ldif (which must create dc=lab,dc=example) and starts; false with the reason.
    bool start(const QString &ldif, QString *error);
    void stop();
    QString url() const;
    // Applies LDIF change records as the admin, with ldapmodify; false with the reason.
    bool modify(const QString &ldif, QString *error);

private:
    bool run(const QString &program, const QStringList &arguments, QString *error);

    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};
