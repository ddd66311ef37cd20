#include "PasswordDialog.h"

#include "protocol/AccountJson.h"
#include "protocol/FieldLimits.h"
#include "protocol/IdRules.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ddalab::monitor {

using namespace Qt::StringLiterals;
using protocol::account_json::kMinPassword;
namespace limits = protocol::limits;

PasswordDialog::PasswordDialog(const QString &title, const QString &userId, QWidget *parent)
    : QDialog(parent), m_userId(new QLineEdit(userId, this)), m_password(new QLineEdit(this)),
      m_repeat(new QLineEdit(this)), m_problem(new QLabel(this))
{
    setWindowTitle(title);
    m_userId->setObjectName(u"userId"_s);
    m_password->setObjectName(u"password"_s);
    m_repeat->setObjectName(u"repeat"_s);
    m_userId->setPlaceholderText(u"alice@institution.edu"_s);
    m_userId->setMaxLength(int(limits::kUserId));
    m_userId->setReadOnly(!userId.isEmpty());
    for (QLineEdit *field : {m_password, m_repeat}) {
        field->setEchoMode(QLineEdit::Password);
        field->setMaxLength(int(limits::kPassword));
        connect(field, &QLineEdit::textChanged, this, &PasswordDialog::check);
    }
    connect(m_userId, &QLineEdit::textChanged, this, &PasswordDialog::check);
    m_problem->setStyleSheet(u"color: #c62828"_s);

    auto *form = new QFormLayout;
    form->addRow(u"User id:"_s, m_userId);
    form->addRow(u"Password:"_s, m_password);
    form->addRow(u"Again:"_s, m_repeat);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, &PasswordDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &PasswordDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    (userId.isEmpty() ? m_userId : m_password)->setFocus();
    check();
}

QString PasswordDialog::userId() const
{
    return m_userId->text().trimmed();
}

QString PasswordDialog::password() const
{
    return m_password->text();
}

QString PasswordDialog::problem() const
{
    if (!protocol::ids::isValidUserId(userId()))
        return u"Enter the user id (an e-mail address, for DDALAB desktops)."_s;
    if (m_password->text().size() < kMinPassword)
        return u"A password has at least %1 characters."_s.arg(kMinPassword);
    if (m_password->text() != m_repeat->text())
        return u"The two passwords differ."_s;
    return {};
}

void PasswordDialog::check()
{
    const QString problem = PasswordDialog::problem();
    m_problem->setText(problem);
    m_ok->setEnabled(problem.isEmpty());
}

} // namespace ddalab::monitor
