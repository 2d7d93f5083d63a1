import "./kefu-account-setup";
