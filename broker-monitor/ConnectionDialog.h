#pragma once

#include "ConnectionSettings.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace ddalab::monitor {

// Asks where the broker is and for the admin token: address, TLS, token, an optional
// certificate file to trust for TLS, and whether to remember it all; says plainly where a
// remembered token is kept.
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    ConnectionDialog(const ConnectionSettings &current, bool remember,
                     const QString &tokenPlaceText, QWidget *parent = nullptr);

    ConnectionSettings settings() const { return m_settings; }
    bool remember() const;

    void accept() override;

private:
    void updateTlsFields();

    QLineEdit *m_address;
    QCheckBox *m_tls;
    QLineEdit *m_token;
    QLineEdit *m_caFile;
    QCheckBox *m_remember;
    QLabel *m_problem;
    ConnectionSettings m_settings;
};

} // namespace ddalab::monitor
