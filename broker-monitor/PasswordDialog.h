#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace ddalab::monitor {

// Asks for a password twice, masked, and for a new account also its user id. OK is only
// possible with a valid user id and the same password of 8 to 1024 characters twice; the
// problem is named below the fields. The password is never shown or kept after the dialog.
class PasswordDialog : public QDialog
{
    Q_OBJECT
public:
    // An empty userId asks for one (a new account); otherwise the password is for that user.
    PasswordDialog(const QString &title, const QString &userId, QWidget *parent = nullptr);

    QString userId() const;
    QString password() const;
    // Why OK is not possible now; empty when it is.
    QString problem() const;

private:
    void check();

    QLineEdit *m_userId;
    QLineEdit *m_password;
    QLineEdit *m_repeat;
    QLabel *m_problem;
    QPushButton *m_ok;
};

} // namespace ddalab::monitor
